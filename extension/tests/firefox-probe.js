// Firefox: the panel's Probe action in headless Firefox ESR with the real
// DevTools toolbox open (Marionette, as tests/firefox-capture.js does: see
// there why). The API behaves like Express with app.use(cors()) and records
// every request (ports 7402 and 7403: the page). The page's PUT gets
// Express's 404 (undecided); a test script added to the test copy's
// panel.html (the extension's own files are unchanged) opens that request,
// clicks Probe, reports the preview, clicks Send and reports the result,
// each to a loopback sink. The test checks that the server received exactly
// the safe requests from the page's Origin, never the PUT again, and that the
// panel says the diagnosis was settled.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launchFirefox } = require('./lib/marionette');
const { messageSink } = require('./lib/servers');

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const DIST = process.env.WHY405_FIREFOX_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'firefox');
const WAIT = 30_000;

function listen(port, handler) {
  return new Promise((res, rej) => {
    const server = http.createServer(handler);
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res({ server, port: server.address().port }));
  });
}

/** Injected into the test copy's panel.html: drives the Probe action on the row whose URL holds MARK. */
const DRIVER = `
const SINK = 'http://127.0.0.1:__PORT__/sink';
const MARK = '__MARK__';
const post = (kind, data) => fetch(SINK, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ kind, data }) }).catch(() => {});
let stage = 0;
const $ = (s) => document.querySelector(s);
post('loaded', {});
let last = '';
setInterval(() => {
  const rows = [...document.querySelectorAll('.row')].map((r) => r.title + ' ' + r.dataset.cause).join(';');
  if (rows !== last) post('rows', { rows: (last = rows), attached: Boolean(globalThis.why405?.attached()) });
}, 200);
new MutationObserver(() => {
  if (stage === 0) {
    const row = [...document.querySelectorAll('.row')].find((r) => r.title.includes(MARK));
    if (!row) return;
    stage = 1;
    post('row', { cause: row.dataset.cause });
    row.click();
  } else if (stage === 1 && $('.detail [data-action=probe]')) {
    stage = 2;
    $('.detail [data-action=probe]').click();
  } else if (stage === 2 && $('[data-field=probe-preview]')) {
    stage = 3;
    const p = $('[data-field=probe-preview]');
    post('preview', { methods: [...p.querySelectorAll('.probe-requests > li')].map((li) => li.dataset.method) });
    $('[data-action=probe-send]').click();
  } else if (stage === 3 && $('[data-field=probe-result]')) {
    stage = 4;
    const row = [...document.querySelectorAll('.row')].find((r) => r.title.includes(MARK));
    post('result', {
      text: $('[data-field=probe-result]').textContent,
      sent: [...document.querySelectorAll('[data-field=probe-sent] li')].map((li) => li.textContent),
      cause: $('.detail')?.dataset.cause,
      row: row?.dataset.cause,
    });
  }
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
`;

const TOOLBOX = `
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const win = Services.wm.getMostRecentWindow('navigator:browser');
  const toolbox = await gDevTools.showToolboxForTab(win.gBrowser.selectedTab, { toolId: 'netmonitor' });
`;

test('Firefox: Probe sends exactly the safe requests from the page and settles the diagnosis', { skip: !existsSync(FIREFOX) && `no ${FIREFOX}` }, async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first: ${DIST}`);
  const work = mkdtempSync(join(tmpdir(), 'why405-ff-probe-'));
  const seen = [];
  const api = await listen(7402, (req, res) => {
    seen.push({ method: req.method, url: req.url, origin: req.headers.origin ?? null, acrm: req.headers['access-control-request-method'] ?? null });
    const common = { 'x-powered-by': 'Express', 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...common, 'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '0' });
      res.end();
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(200, { ...common, 'content-type': 'application/json; charset=utf-8' });
      res.end(req.method === 'GET' ? '{"id":1}' : undefined);
    } else {
      res.writeHead(404, { ...common, 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${req.method} /items/1</pre>\n</body>\n</html>\n`);
    }
  });
  const app = await listen(7403, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>why405 probe</title><h1>app</h1>');
  });
  const out = await messageSink(WAIT);
  const mark = `ffprobe${Date.now()}`;
  let ff;
  try {
    const ext = join(work, 'firefox');
    cpSync(DIST, ext, { recursive: true });
    writeFileSync(join(ext, 'why405-test-driver.js'), DRIVER.replace('__PORT__', String(out.port)).replace('__MARK__', mark));
    const html = readFileSync(join(ext, 'panel.html'), 'utf8');
    writeFileSync(join(ext, 'panel.html'), html.replace(/(<script type="module" src="panel\.js"><\/script>)/, '$1\n<script type="module" src="why405-test-driver.js"></script>'));

    ff = await launchFirefox();
    const m = ff.marionette;
    await m.send('Addon:Install', { path: ext, temporary: true });
    const origin = `http://127.0.0.1:${app.port}`;
    await m.send('WebDriver:Navigate', { url: `${origin}/` });
    await m.send('Marionette:SetContext', { value: 'chrome' });
    // The why405 tab appears once the extension's DevTools page has created it.
    const shown = await m.execute(`${TOOLBOX}
      for (let i = 0; i < 200; i++) {
        const ids = [...toolbox.doc.querySelectorAll('.devtools-tab')].map((t) => t.id.replace(/^toolbox-tab-/, ''));
        const mine = ids.find((id) => id.startsWith('webext-devtools-panel'));
        if (mine) {
          await toolbox.selectTool(mine);
          return mine;
        }
        await new Promise((ok) => win.setTimeout(ok, 50));
      }
      return null;`);
    assert.ok(shown, 'the why405 panel is among the toolbox tabs');
    await m.send('Marionette:SetContext', { value: 'content' });

    await out.waitFor('loaded', () => true, 'from the panel');
    const path = `/items/1?${mark}`;
    const target = `http://127.0.0.1:${api.port}${path}`;
    const status = await m.execute(
      `return fetch(args[0], { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status, (e) => String(e));`,
      [target],
    );
    assert.equal(status, 404);
    // The page's own requests are done: what the server got until now was not the probe's.
    const before = seen.filter((r) => r.url === path).map((r) => r.method);
    const row = await out.waitFor('row', () => true, 'from the panel');
    const preview = await out.waitFor('preview', () => true, 'from the panel');
    assert.deepEqual(preview.methods, ['OPTIONS', 'HEAD', 'GET']);
    const result = await out.waitFor('result', () => true, 'from the panel');
    const probe = seen.filter((r) => r.url === path).slice(before.length);
    assert.equal(row.cause, 'not_method_related', 'undecided before the probe');
    assert.deepEqual(before, ['OPTIONS', 'PUT'], 'the page\'s own preflight and PUT');
    assert.deepEqual(
      probe,
      [
        { method: 'OPTIONS', url: path, origin, acrm: 'OPTIONS' },
        { method: 'HEAD', url: path, origin, acrm: null },
        { method: 'GET', url: path, origin, acrm: null },
      ],
      'exactly the safe requests, from the page\'s Origin',
    );
    assert.equal(seen.filter((r) => r.method === 'PUT').length, 1, 'the PUT was never sent again');
    // the CLI's "Probe:" line (the browser's preflight for the OPTIONS named as such)
    assert.match(result.text, /^Settled by a probe at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: the browser's preflight for OPTIONS answered 204; HEAD answered 200; GET answered 200\.$/, result.text);
    assert.equal(result.cause, 'method_mismatch');
    assert.equal(result.row, 'method_mismatch');
    // The panel lists what reached the server (Firefox's network monitor leaves out the OPTIONS it then refused).
    assert.deepEqual(result.sent, [
      `OPTIONS ${target} (the browser's preflight) → 204`,
      `HEAD ${target} → 200`,
      `GET ${target} → 200`,
    ]);
  } finally {
    await ff?.close();
    out.server.close();
    api.server.close();
    app.server.close();
    rmSync(work, { recursive: true, force: true });
  }
});
