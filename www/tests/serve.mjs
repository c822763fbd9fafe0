// The page's dev server (www/serve.mjs) serves its folder and nothing else:
// not `..`, not a sibling folder whose name starts with the served one's
// (`dist/www` vs `dist/www-names`), not through a link, and a malformed path
// is refused rather than crashing the server.   node --test www/tests/serve.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../serve.mjs';

/** GET `path` exactly as written (no client-side normalisation): [status, body]. */
function get(port, path) {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok([res.statusCode, body]));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', fail);
    req.end();
  });
}

test('serves its folder and refuses everything outside it', { timeout: 30_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'why405-serve-'));
  const root = join(base, 'www');
  mkdirSync(root);
  mkdirSync(join(base, 'www-names'));
  writeFileSync(join(root, 'index.html'), 'the page');
  writeFileSync(join(root, 'a.js'), 'ok');
  writeFileSync(join(base, 'www-names', 'secret.txt'), 'sibling');
  writeFileSync(join(base, 'outside.txt'), 'outside');
  symlinkSync(join(base, 'outside.txt'), join(root, 'link.txt'));
  const server = await serve(root, 0);
  const { port } = server.address();
  try {
    assert.deepEqual(await get(port, '/'), [200, 'the page']);
    assert.deepEqual(await get(port, '/a.js'), [200, 'ok']);
    assert.equal((await get(port, '/missing.js'))[0], 404);
    for (const path of [
      '/../www-names/secret.txt',
      '/%2e%2e/www-names/secret.txt',
      '/..%2fwww-names%2fsecret.txt',
      '/%2e%2e/outside.txt',
      '/link.txt',
      '/%E0%A4%A', // malformed percent-encoding
      '/a.js%00.html',
    ]) {
      // 403 (outside the folder, or malformed), or 404 where the URL itself drops the `..` (the path is then
      // looked up inside the folder): never the file.
      const [status, body] = await get(port, path);
      assert.ok(status === 403 || status === 404, `${path}: ${status} ${body}`);
      assert.ok(!['sibling', 'outside'].includes(body), `${path} served ${body}`);
    }
  } finally {
    server.close();
    rmSync(base, { recursive: true, force: true });
  }
});
