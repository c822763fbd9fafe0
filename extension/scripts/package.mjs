// Assembles dist/chrome and dist/firefox from extension/src, the platform
// layer (platform/chrome.js or platform/firefox.js, shipped as platform.js:
// the one file that differs between the browsers at run time) and the
// wasm-bindgen output, then zips them.
//   node extension/scripts/package.mjs --pkg DIR --out DIST
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestFor } from '../platform/manifest.mjs';
import { zipDirectory } from './zip.mjs';
import { parseArgs, withoutInnerHtml } from './glue.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ext = join(here, '..');
const args = parseArgs(process.argv.slice(2));
const pkg = args.pkg;
const out = args.out ?? join(ext, '..', 'dist');
if (!pkg || !existsSync(join(pkg, 'why405_ui_bg.wasm'))) {
  console.error(`package.mjs: no wasm-bindgen output in ${pkg}`);
  process.exit(2);
}

const glue = withoutInnerHtml(readFileSync(join(pkg, 'why405_ui.js'), 'utf8'), 'package.mjs');

const source = JSON.parse(readFileSync(join(ext, 'src', 'manifest.json'), 'utf8'));
for (const browser of ['chrome', 'firefox']) {
  const dir = join(out, browser);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ext, 'src'), dir, { recursive: true, filter: (p) => !p.endsWith(`${sep}manifest.json`) });
  cpSync(join(ext, 'platform', `${browser}.js`), join(dir, 'platform.js'));
  mkdirSync(join(dir, 'pkg'));
  cpSync(join(pkg, 'why405_ui_bg.wasm'), join(dir, 'pkg', 'why405_ui_bg.wasm'));
  writeFileSync(join(dir, 'pkg', 'why405_ui.js'), glue);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifestFor(browser, source), null, 2)}\n`);
  const zip = join(out, `why405-${browser}.zip`);
  const n = zipDirectory(dir, zip);
  console.log(`${relative(process.cwd(), dir)}: ${n} files → ${relative(process.cwd(), zip)} (${statSync(zip).size} bytes)`);
}
