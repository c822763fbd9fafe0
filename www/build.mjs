// Assembles dist/www (the standalone page) from www/, the panel's stylesheet
// and the wasm-bindgen output of the panel built with its `file` feature.
//   node www/build.mjs --pkg DIR --out dist/www
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, withoutInnerHtml } from '../extension/scripts/glue.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = parseArgs(process.argv.slice(2));
const pkg = args.pkg;
const out = args.out ?? join(root, 'dist', 'www');
if (!pkg || !existsSync(join(pkg, 'why405_ui_bg.wasm'))) {
  console.error(`www/build.mjs: no wasm-bindgen output in ${pkg}`);
  process.exit(2);
}

// As for the extension: Yew's raw-HTML sink (never used by why405) is removed from the glue.
const glue = withoutInnerHtml(readFileSync(join(pkg, 'why405_ui.js'), 'utf8'), 'www/build.mjs');

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'pkg'), { recursive: true });
for (const f of ['index.html', 'www.css']) cpSync(join(here, f), join(out, f));

// The message protocol (docs/bridge.md), shared with the extension, is
// written into www.js and worker.js where they import it: the page loads no
// more files than before (www/tests/www.js checks the list).
const protocol = readFileSync(join(root, 'extension', 'src', 'protocol.js'), 'utf8').replace(/^export /gm, '');
function withProtocol(f) {
  const source = readFileSync(join(here, f), 'utf8');
  const line = /^import \{[^}]*\} from '\.\/protocol\.js';\n/m;
  if (!line.test(source)) throw new Error(`www/build.mjs: ${f} does not import ./protocol.js`);
  return source.replace(line, () => `// ---- extension/src/protocol.js, written in by www/build.mjs ----\n${protocol}// ---- end of protocol.js ----\n`);
}
for (const f of ['www.js', 'worker.js']) writeFileSync(join(out, f), withProtocol(f));
cpSync(join(root, 'extension', 'src', 'panel.css'), join(out, 'panel.css'));
cpSync(join(root, 'extension', 'src', 'boot.js'), join(out, 'boot.js'));
cpSync(join(pkg, 'why405_ui_bg.wasm'), join(out, 'pkg', 'why405_ui_bg.wasm'));
writeFileSync(join(out, 'pkg', 'why405_ui.js'), glue);

// Offline by construction: nothing the page ships may point at another origin
// in a place the browser would fetch from (the MDN and Fetch-standard links in
// the wasm are plain <a href> the user may click).
for (const f of ['index.html', 'www.js', 'worker.js', 'www.css', 'panel.css', 'boot.js', join('pkg', 'why405_ui.js')]) {
  const text = readFileSync(join(out, f), 'utf8');
  const remote = text.match(/(?:src|href)\s*=\s*["']https?:|url\(\s*["']?https?:|@import|import\s*\(\s*["']https?:|from\s+["']https?:/);
  if (remote) throw new Error(`www/build.mjs: ${f} references a remote resource: ${remote[0]}`);
}
console.log(`dist/www: ${readdirSync(out).length} entries`);
