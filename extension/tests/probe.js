// End to end, the panel's Probe action (issue 13 item 3) in real Chromium with
// the built extension (dist/chrome) and DevTools open. A loopback API that
// behaves like Express with app.use(cors()) records every request it gets:
// every OPTIONS answered 204 with the cors middleware's headers (which do not
// list OPTIONS), GET and HEAD 200, any other method Express's 404 page
// ("Cannot PUT /items/1"). The page's PUT gets that 404: a missing route or a
// wrong method, undecided. The test checks that nothing but the page's own
// requests reached the server until the Send click (the Probe button and its
// preview send nothing), that the preview lists what is sent, that the server
// then received exactly those safe requests from the page's own Origin (the
// browser's preflight for the OPTIONS, which the server's answer does not
// allow, so the OPTIONS itself is never sent; HEAD; GET) and never the PUT a
// second time, that the panel lists the same requests, and that the
// diagnosis is settled into a method mismatch, in the words the CLI's
// `why405 diagnose --probe` prints for the same request probed against the
// same server (its own client's OPTIONS, HEAD and GET: one engine, one
// verdict). Ports 7400 (page) and 7401 (API). Bounded waits only, no sleeps.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { existsSync, mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launch, extensions, captureFor, openPanel } = require('./lib/chromium');

const ROOT = resolve(__dirname, '..', '..');
const DIST = process.env.WHY405_DIST ?? join(ROOT, 'dist', 'chrome');
const CLI = process.env.WHY405_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'why405');
const WAIT = 20_000;
const PAGE_PORT = 7400;
const API_PORT = 7401;

function listen(port, handler) {
  return new Promise((res, rej) => {
    const server = http.createServer(handler);
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res({ server, origin: `http://127.0.0.1:${port}` }));
  });
}

/** Express + cors(): records {method, url, origin, acrm} of every request, in the order received. */
function expressLikeApi() {
  const seen = [];
  return listen(API_PORT, (req, res) => {
    seen.push({
      method: req.method,
      url: req.url,
      origin: req.headers.origin ?? null,
      acrm: req.headers['access-control-request-method'] ?? null,
    });
    const common = { 'x-powered-by': 'Express', 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...common,
        'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '0',
      });
      res.end();
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(200, { ...common, 'content-type': 'application/json; charset=utf-8' });
      res.end(req.method === 'GET' ? '{"id":1}' : undefined);
    } else {
      const body = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${req.method} /items/1</pre>\n</body>\n</html>\n`;
      res.writeHead(404, { ...common, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" });
      res.end(body);
    }
  }).then((s) => ({ ...s, seen }));
}

/** `why405 diagnose --probe --format json` on `entries` (the CLI probes the API itself; asynchronously: the API
 * answers from this process). */
async function cliProbe(entries) {
  const dir = mkdtempSync(join(tmpdir(), 'why405-probe-'));
  try {
    const har = join(dir, 'page.har');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'why405-probe-test', version: '1' }, entries } }));
    const args = ['diagnose', har, '--probe', '--timeout', '5', '--format', 'json', '--all'];
    try {
      return JSON.parse((await promisify(execFile)(CLI, args, { encoding: 'utf8', timeout: 30_000 })).stdout);
    } catch (e) {
      if (e.code !== 1) throw e; // 1: a problem was found
      return JSON.parse(e.stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let api, app, browser, ext;

test.before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first (./build.sh extension): ${DIST}`);
  assert.ok(existsSync(CLI), `build the CLI first (cargo build --bin why405) or set WHY405_BIN: ${CLI}`);
  [api, app] = await Promise.all([
    expressLikeApi(),
    listen(PAGE_PORT, (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>why405 probe e2e</title><h1>app</h1>');
    }),
  ]);
  browser = await launch([DIST]);
  const [e] = await extensions(browser, 1);
  ext = e.id;
});

test.after(async () => {
  await browser?.close();
  api?.server.close();
  app?.server.close();
});

/** Clicks through the DOM (puppeteer's click can hang in DevTools extension frames). */
const click = (frame, selector) =>
  frame.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) throw new Error(`nothing matches ${s}`);
    el.click();
  }, selector);

test('Probe: nothing is sent before the click; Send sends exactly the safe requests listed, from the page, and settles the diagnosis', async () => {
  const page = await browser.newPage();
  const pageUrl = `${app.origin}/`;
  await page.goto(pageUrl);
  const { page: devtools, frame: capture } = await captureFor(browser, pageUrl, WAIT);
  const path = `/items/1?run=${Date.now()}`;
  const target = `${api.origin}${path}`;
  const status = await page.evaluate(
    (u) => fetch(u, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }).then((r) => r.status, (e) => String(e)),
    target,
  );
  assert.equal(status, 404, 'the PUT reached the server and got its 404');

  const panel = await openPanel(devtools, ext, WAIT);
  const rowSel = `.row[title="${target}"]`;
  await panel.waitForSelector(rowSel, { timeout: WAIT });
  assert.equal(await panel.$eval(rowSel, (r) => r.dataset.cause), 'not_method_related', 'undecided before the probe');
  await click(panel, rowSel);
  await panel.waitForSelector('.detail [data-action=probe]', { timeout: WAIT });
  const badge = await panel.$eval('.detail .cause-title', (t) => t.textContent);
  assert.match(badge, /needs a probe/);

  const beforeClick = api.seen.filter((r) => r.url === path);
  assert.deepEqual(
    beforeClick.map((r) => [r.method, r.acrm]),
    [['OPTIONS', 'PUT'], ['PUT', null]],
    'only the page\'s own preflight and PUT reached the server before any click',
  );

  // The Probe click only shows what will be sent.
  await click(panel, '.detail [data-action=probe]');
  await panel.waitForSelector('[data-field=probe-preview]', { timeout: WAIT });
  const preview = await panel.$eval('[data-field=probe-preview]', (p) => ({
    methods: [...p.querySelectorAll('.probe-requests > li')].map((li) => li.dataset.method),
    lines: [...p.querySelectorAll('.probe-requests > li > code')].map((c) => c.textContent),
    headers: [...p.querySelectorAll('.probe-requests .header')].map((h) => h.textContent),
    notSent: [...p.querySelectorAll('.probe-not-sent li')].map((li) => li.textContent),
    command: p.querySelector('[data-field=probe-command]').textContent,
  }));
  assert.deepEqual(preview.methods, ['OPTIONS', 'HEAD', 'GET']);
  assert.deepEqual(preview.lines, ['OPTIONS', 'HEAD', 'GET'].map((m) => `${m} ${target}`));
  assert.deepEqual(preview.headers, Array(3).fill(`Origin: ${app.origin}`));
  assert.match(preview.notSent.join('\n'), /^PUT itself: never/);
  // The page's headers as it sent them (safelisted values and Content-Type kept, any other value redacted).
  assert.ok(preview.command.startsWith(`why405 probe '${target}' -X PUT --origin '${app.origin}' -H `), preview.command);
  assert.match(preview.command, / -H 'content-type: application\/json'/i);
  assert.doesNotMatch(preview.command, /REDACTED/);
  assert.deepEqual(api.seen.filter((r) => r.url === path), beforeClick, 'the preview sent nothing');

  // Send.
  await click(panel, '[data-action=probe-send]');
  await panel.waitForSelector('.probe[data-probe=settled], .probe[data-probe=answered]', { timeout: WAIT });
  // The CLI's "Probe:" line for what the page sent (the browser's preflight for the OPTIONS is not one for PUT).
  const result = await panel.$eval('[data-field=probe-result]', (p) => p.textContent);
  assert.match(result, /^Settled by a probe at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: /, result);
  for (const said of ["the browser's preflight for OPTIONS answered 204", 'OPTIONS got no answer (net::ERR_FAILED)', 'HEAD answered 200', 'GET answered 200']) {
    assert.ok(result.includes(said), `${said}: ${result}`);
  }

  const probeRequests = api.seen.filter((r) => r.url === path).slice(beforeClick.length);
  assert.deepEqual(
    probeRequests,
    [
      // the browser's own preflight for the OPTIONS; cors()'s answer does not list OPTIONS, so the OPTIONS is not sent
      { method: 'OPTIONS', url: path, origin: app.origin, acrm: 'OPTIONS' },
      { method: 'HEAD', url: path, origin: app.origin, acrm: null },
      { method: 'GET', url: path, origin: app.origin, acrm: null },
    ],
    'exactly the safe requests, from the page\'s own Origin',
  );
  assert.equal(api.seen.filter((r) => r.method === 'PUT').length, 1, 'the PUT was never sent again');
  assert.equal(api.seen.filter((r) => r.url !== path).length, 0, 'nothing else reached the API');

  // The detail lists what was sent: what reached the server, and the OPTIONS the browser then refused to send.
  const listed = await panel.$$eval('[data-field=probe-sent] li', (lis) =>
    lis.map((li) => ({ method: li.dataset.method, preflight: li.dataset.preflight === 'true', text: li.textContent })),
  );
  // (in the order they finished: the refused OPTIONS may be logged before or after its preflight)
  const outcome = (method, preflight) => listed.find((l) => l.method === method && l.preflight === preflight)?.text ?? '';
  assert.equal(listed.length, 4, JSON.stringify(listed));
  assert.equal(outcome('OPTIONS', true), `OPTIONS ${target} (the browser's preflight) → 204`);
  assert.match(outcome('OPTIONS', false), /→ no response \(net::ERR_FAILED/);
  assert.match(outcome('HEAD', false), /→ 200$/);
  assert.match(outcome('GET', false), /→ 200$/);

  // The diagnosis is settled: a method mismatch; the probe's own requests are not rows.
  await panel.waitForFunction((s) => document.querySelector(s)?.dataset.cause === 'method_mismatch', { timeout: WAIT, polling: 50 }, rowSel);
  assert.equal(await panel.$eval('.detail', (d) => d.dataset.cause), 'method_mismatch');
  await click(panel, '[data-action=filter-all]');
  await panel.waitForFunction(() => document.querySelector('[data-action=filter-all]')?.getAttribute('aria-pressed') === 'true', { timeout: WAIT, polling: 50 });
  const rows = await panel.$$eval('.row', (rs) => rs.map((r) => `${r.querySelector('[data-field=method]').textContent} ${r.title}`));
  assert.deepEqual(rows.filter((r) => r.endsWith(target)), [`PUT ${target}`], 'one row for the URL: the PUT');
  // The probe's entries went to the panel in its probe-done, not as capture entries.
  const captured = await capture.evaluate((u) => why405Capture.entries.map((j) => JSON.parse(j)).filter((e) => e.request.url === u).map((e) => e.request.method), target);
  assert.deepEqual(captured.sort(), ['OPTIONS', 'PUT'], 'the capture holds the page\'s own two (in getHAR()\'s order)');
  assert.deepEqual(await capture.evaluate(() => why405Capture.prober.sent), [{ id: 1, methods: ['OPTIONS', 'HEAD', 'GET'], url: target }]);

  // The CLI, given the page's own two requests and probing the same server itself, says the same.
  const panelSays = await panel.$eval('.detail', (d) => ({ cause: d.dataset.cause, summary: d.querySelector('[data-field=summary]').textContent }));
  const cli = await cliProbe(await capture.evaluate((u) => why405Capture.entries.map((j) => JSON.parse(j)).filter((e) => e.request.url === u), target));
  const put = cli.diagnoses.find((d) => d.method === 'PUT');
  assert.equal(put.probe?.settled, true, JSON.stringify(put));
  assert.deepEqual(panelSays, { cause: put.cause, summary: put.summary });
  await page.close();
});
