// The panel at real DevTools widths (issue 14), end to end in Chromium with dist/chrome: a DevTools window
// 400 px wide (docked to the side: 360-600 px is common) and 1,280 px wide (docked at the bottom, or undocked).
// Measured with getBoundingClientRect in the panel's frame:
// - every row shows its method, path (the last segment whole), real status, cause dot and preflight/CORS tags,
//   nothing overflowing sideways; one focus ring, on the focused row;
// - the detail: over the list with a Back control (and Escape) at 400 px, beside it at 1,280 px; header values
//   wrap at their separators, never inside a piece;
// - the initiator (file:line) opens the Sources panel;
// - the "made before DevTools was opened" notice only when such requests exist (DevTools opened after the
//   page's requests: shown, with their count; opened before: not), and gone once its button reloaded the page;
// - a status line ("Downloaded why405.json …") is gone after a navigation.
// How the width is set: the DevTools window is undocked and its viewport set through CDP Emulation on the
// DevTools target (lib/chromium.js sizeDevtools). Bounded waits only, no sleeps.
//   node --test extension/tests/e2e-widths.js      (after ./build.sh extension)
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const {
  launch, extensions, captureFor, devtoolsFor, openPanel, openDevtools, sizeDevtools, selectedDevtoolsPanel,
} = require('./lib/chromium');
const { noCorsApi } = require('./lib/servers');
const { measureRowsInPage: measureRows, checkRows: checkAllRows, placementInPage: placement, ringsInPage: rings, brokenPiecesInPage: brokenPieces } = require('./lib/layout');

const ROOT = resolve(__dirname, '..', '..');
const DIST = process.env.WHY405_DIST ?? join(ROOT, 'dist', 'chrome');
const WAIT = 20_000;
const poll = { timeout: WAIT, polling: 50 };

/** A deep path: the list must shorten it from the middle and keep `items/42`. */
const DEEP = '/api/v1/organisations/acme-corporation/projects/website-redesign/items/42';

/** The app's page: its requests come from app.js (so they have an initiator with a file and a line). */
function appServer() {
  const script = [
    '// why405 e2e-widths: the page\'s requests',
    'window.refused = (api, run) => Promise.all([',
    "  fetch(`${api}" + DEEP + "?run=${run}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => null),",
    "  fetch(`${api}/api/things/7?run=${run}`, { method: 'DELETE' }).catch(() => null),",
    "  fetch(`${api}/api/things?run=${run}`).catch(() => null),",
    ']);',
    '',
  ].join('\n');
  return new Promise((res) => {
    const server = http.createServer((req, rsp) => {
      if (req.url.startsWith('/app.js')) {
        rsp.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        rsp.end(script);
        return;
      }
      rsp.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      rsp.end('<!doctype html><title>why405 widths</title><h1>app</h1><script src="/app.js"></script>');
    });
    server.listen(0, '127.0.0.1', () => res({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

let api, app, browser, ext, downloads;

test.before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first (./build.sh extension): ${DIST}`);
  downloads = mkdtempSync(join(tmpdir(), 'why405-widths-'));
  [api, app] = await Promise.all([noCorsApi(), appServer()]);
  browser = await launch([DIST]);
  [ext] = await extensions(browser, 1);
});

test.after(async () => {
  await browser?.close();
  api?.server.close();
  app?.server.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

/** The row checks (lib/layout.js), and this page's refused PUT: its status, tags and deep path. */
function checkRows(m, where) {
  checkAllRows(m, where);
  const put = m.rows.find((r) => r.method.text === 'PUT');
  assert.ok(put, `${where}: the PUT row`);
  assert.equal(put.status.text, '405', `${where}: the preflight's real status`);
  assert.deepEqual(put.tags.map((t) => t.text), ['preflight', 'CORS'], `${where}: the preflight and CORS tags`);
  assert.equal(put.path.tailText, '/items/42', `${where}: the last segment kept`);
  assert.ok(put.path.title.startsWith(DEEP), `${where}: the whole path in the tooltip`);
}

/** A tab with DevTools `width` px wide showing the why405 panel with the page's refused requests; all rows. */
async function panelAt(width, tag) {
  const page = await browser.newPage();
  const url = `${app.origin}/${tag}`;
  await page.goto(url);
  const { page: devtools, frame: capture } = await captureFor(browser, url, WAIT);
  // The tab opened its DevTools while loading the page: the page again, with DevTools open from its start.
  await page.reload();
  await sizeDevtools(devtools, width, 800);
  const panel = await openPanel(devtools, ext.id, WAIT);
  await page.evaluate((a, r) => window.refused(a, r), api.origin, `${tag}-${Date.now()}`);
  await panel.evaluate(() => document.querySelector('[data-action=filter-all]').click());
  await panel.waitForFunction(() => document.querySelectorAll('.row[data-cause]').length >= 4, poll).catch(async (e) => {
    const text = await panel.evaluate(() => document.body.innerText).catch(() => '?');
    const n = await capture.evaluate(() => why405Capture.entries.length).catch(() => '?');
    throw new Error(`${e.message}; ${n} entries captured; the panel shows:\n${text}`);
  });
  await panel.waitForSelector('.row[data-cause=cors_preflight]', { timeout: WAIT });
  return { page, devtools, capture, panel };
}

/** Opens the PUT's detail by a click (DOM click: puppeteer's can hang in DevTools frames). */
async function openPut(panel) {
  await panel.evaluate(() => [...document.querySelectorAll('.row')].find((r) => r.querySelector('[data-field=method]').textContent === 'PUT').click());
  await panel.waitForSelector('.detail [data-field=summary]', { timeout: WAIT });
}

test('at 400 px: every row shows method, path, status, cause dot and tags; the detail covers the list, with Back and Escape', async () => {
  const { page, devtools, panel } = await panelAt(400, 'narrow');
  const m = await panel.evaluate(measureRows);
  assert.ok(Math.abs(m.width - 400) <= 20, `the panel is about 400 px wide (${m.width})`);
  checkRows(m, '400 px');
  for (const r of m.rows) {
    assert.ok(r.cause.box.width <= 12 && Math.abs(r.cause.box.width - r.cause.box.height) <= 1, `the cause is a dot at 400 px: ${JSON.stringify(r.cause.box)}`);
  }

  // One focus ring: on the focused row.
  await devtools.bringToFront();
  await panel.focus('.list');
  await devtools.keyboard.press('Home');
  await panel.waitForSelector('.row.focused', { timeout: WAIT });
  assert.deepEqual(await panel.evaluate(rings), ['row focused'], 'one ring, on the focused row only');

  // The detail: over the list, with Back; the focus moves into it; Escape goes back.
  await openPut(panel);
  let p = await panel.evaluate(placement);
  assert.equal(p.list.width, 0, 'the list is not shown under the detail');
  assert.ok(p.detail.left <= 1 && p.detail.width >= p.width - 2, `the detail takes the width: ${JSON.stringify(p.detail)}`);
  assert.ok(p.back.width > 0 && /Back/.test(p.backText), `a visible Back control: ${JSON.stringify(p)}`);
  assert.ok(p.focusInDetail, 'the focus is in the detail');
  assert.deepEqual(await panel.evaluate(brokenPieces), [], 'header values break only at separators');
  await devtools.keyboard.press('Escape');
  await panel.waitForFunction(() => !document.querySelector('.detail'), poll);
  p = await panel.evaluate(placement);
  assert.ok(p.list.width >= p.width - 2, 'the list is back');
  const active = await panel.evaluate(() => `${document.activeElement?.tagName}#${document.activeElement?.id}.${document.activeElement?.className}`);
  assert.equal(active, 'DIV#why405-list.list', 'the focus is back on the list');
  checkRows(await panel.evaluate(measureRows), '400 px, back');
  // The Back button does the same.
  await openPut(panel);
  await panel.evaluate(() => document.querySelector('[data-action=close-detail]').click());
  await panel.waitForFunction(() => !document.querySelector('.detail'), poll);
  await page.close();
});

test('at 1,280 px: the detail is beside the list, whose rows keep every column; the initiator opens the Sources panel', async () => {
  const { page, devtools, panel } = await panelAt(1280, 'wide');
  const m = await panel.evaluate(measureRows);
  assert.ok(Math.abs(m.width - 1280) <= 20, `the panel is about 1,280 px wide (${m.width})`);
  checkRows(m, '1,280 px');
  for (const r of m.rows) assert.ok(r.cause.box.width > 14, `the cause in words when there is room: ${JSON.stringify(r.cause)}`);

  await openPut(panel);
  const p = await panel.evaluate(placement);
  assert.ok(p.list.width > 300 && p.detail.width > 500, `both shown: ${JSON.stringify(p)}`);
  assert.ok(p.detail.left >= p.list.right - 1, 'the detail is beside the list');
  assert.ok(Math.abs(p.detail.top - p.list.top) <= 1, 'side by side, not below');
  assert.equal(p.backName, 'Back to the list', 'the close control is named');
  checkRows(await panel.evaluate(measureRows), '1,280 px, beside the detail');
  assert.deepEqual(await panel.evaluate(brokenPieces), [], 'header values break only at separators');

  // The initiator (app.js:2) is a link to the Sources panel.
  const link = await panel.waitForSelector('.initiator [data-action=open-initiator]', { timeout: WAIT });
  assert.match(await link.evaluate((a) => a.textContent), /\/app\.js:\d+:\d+$/);
  await link.evaluate((a) => a.click());
  const deadline = Date.now() + WAIT;
  while ((await selectedDevtoolsPanel(devtools)) !== 'sources') {
    assert.ok(Date.now() < deadline, 'the Sources panel is shown');
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.close();
});

test('the notice only when requests were made before DevTools was opened, with their count; its reload ends it; a navigation ends the status line', async () => {
  // DevTools open before every request: no notice, once the capture has counted.
  const { page, capture, panel } = await panelAt(1280, 'before');
  await capture.waitForFunction(() => why405Capture.unseen !== null, poll);
  assert.equal(await capture.evaluate(() => why405Capture.unseen), 0);
  assert.equal(await panel.$('.notice'), null, 'no notice when DevTools saw every request');
  await page.close();

  // DevTools opened after the page's requests: a notice with their count.
  const late = await launch([DIST], { autoOpenDevtools: false });
  try {
    const [lateExt] = await extensions(late, 1);
    const tab = await late.newPage();
    const url = `${app.origin}/late`;
    await tab.goto(url);
    await tab.evaluate((a, r) => window.refused(a, r), api.origin, `late-${Date.now()}`);
    await openDevtools(late, tab);
    const { page: devtools, frame: lateCapture } = await devtoolsFor(late, url, WAIT);
    await lateCapture.waitForFunction(() => globalThis.why405Capture?.ready === true, poll);
    await sizeDevtools(devtools, 400, 800);
    const lp = await openPanel(devtools, lateExt.id, WAIT);
    const notice = await lp.waitForSelector('.notice', { timeout: WAIT });
    const n = Number(await notice.evaluate((el) => el.dataset.unseen));
    // The document, app.js and the GET at least (a fetch refused by CORS may or may not leave a timing entry).
    assert.ok(n >= 3, `counted ${n}`);
    assert.match(await notice.evaluate((el) => el.textContent), new RegExp(`^${n} requests made before DevTools was opened`));

    // Its button reloads the page: DevTools sees every request of the new page, the notice goes.
    await notice.evaluate(() => document.querySelector('[data-action=reload-page]').click());
    await lp.waitForFunction(() => !document.querySelector('.notice'), poll);
    await lateCapture.waitForFunction((u) => why405Capture.entries.some((j) => JSON.parse(j).request.url === u), poll, url);
    await tab.waitForFunction(() => typeof window.refused === 'function', poll);

    // A status line of this page ("Downloaded why405.json"): gone after a navigation.
    await tab.evaluate((a, r) => window.refused(a, r), api.origin, `late2-${Date.now()}`);
    await lp.waitForSelector('.row[data-cause=cors_preflight]', { timeout: WAIT });
    const cdp = await late.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await lp.evaluate(() => document.querySelector('[data-action=export-json]').click());
    await lp.waitForFunction(() => /Downloaded why405\.json/.test(document.querySelector('.toolbar .status')?.textContent ?? ''), poll).catch(async (e) => {
      throw new Error(`${e.message}: the status says ${await lp.evaluate(() => document.querySelector('.toolbar .status')?.textContent)}`);
    });
    await tab.goto(`${app.origin}/late?2`);
    await lp.waitForFunction(() => !document.querySelector('.toolbar .status'), poll).catch(async (e) => {
      const left = await lp.evaluate(() => [document.querySelector('.toolbar .status')?.textContent, document.querySelector('.notice')?.textContent]);
      const c = await lateCapture.evaluate(() => [why405Capture.unseen, why405Capture.entries.length, why405Capture.preserveLog]);
      throw new Error(`${e.message}: still shown ${JSON.stringify(left)}; capture ${JSON.stringify(c)}`);
    });
    await cdp.detach();
  } finally {
    await late.close();
  }
});
