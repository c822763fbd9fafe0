// A tiny static server for dist/www, loopback only (./build.sh serve, and
// the page's tests).   node www/serve.mjs [DIR] [PORT]
import { createServer } from 'node:http';
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Whether `file` is `root` itself or inside it (not a sibling whose name starts with root's, not `..`). */
function inside(root, file) {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The file under `root` that a request path names, or null when it would be outside `root` or is malformed. */
async function fileFor(root, url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (!inside(root, file)) return null;
  // A link inside the folder must not lead out of it either.
  const real = await realpath(file).catch(() => file);
  return inside(await realpath(root).catch(() => root), real) ? file : null;
}

/** Serves `dir` on 127.0.0.1:`port` (0 = any); resolves to the server. */
export function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const file = await fileFor(root, req.url);
    if (file === null) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('outside the served folder');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist/www';
  const port = Number(process.argv[3] ?? 8405);
  const server = await serve(dir, port);
  console.log(`why405 web page: http://127.0.0.1:${server.address().port}/  (serving ${dir}; Ctrl-C to stop)`);
}
