// End to end: Chromium with the built extension (dist/chrome) loaded and
// DevTools open; a page makes a cross-origin PUT whose preflight is refused
// (405, no CORS headers); the why405 panel must show it and export the
// CLI's JSON. Bounded waits only, no sleeps.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { execFileSync } = require('node:child_process');
const { launch, extensions, showExtensionPanel, captureFor, openPanel, showDevtoolsPanel } = require('./lib/chromium');
const { noCorsApi, pageServer } = require('./lib/servers');

const ROOT = resolve(__dirname, '..', '..');
const DIST = process.env.WHY405_DIST ?? join(ROOT, 'dist', 'chrome');
const CLI = process.env.WHY405_BIN ?? join(ROOT, 'target', 'debug', 'why405');
const WAIT = 20_000;

/** The fields of one diagnosis in the CLI's JSON contract (src/diagnose.rs). */
const DIAGNOSIS_FIELDS = [
  'method', 'url', 'status', 'cause', 'cors_error', 'allowed', 'stack', 'summary', 'fix', 'evidence', 'redirects',
  'problem', 'failed', 'decided_by', 'cors_step', 'suggestion', 'warnings', 'needs_probe', 'preflight',
  'request_inferred', 'initiator', 'id', 'entries',
];

let api, app, browser, broken, ext, workDir;

test.before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first (./build.sh extension): ${DIST}`);
  workDir = mkdtempSync(join(tmpdir(), 'why405-e2e-'));
  // A copy whose wasm is missing: its panel must say so, never stay blank.
  broken = join(workDir, 'broken');
  cpSync(DIST, broken, { recursive: true });
  rmSync(join(broken, 'pkg', 'why405_ui_bg.wasm'));
  const m = JSON.parse(readFileSync(join(broken, 'manifest.json'), 'utf8'));
  m.name = 'why405-broken';
  delete m.devtools_page;
  writeFileSync(join(broken, 'manifest.json'), JSON.stringify(m));
  [api, app] = await Promise.all([noCorsApi(), pageServer()]);
  browser = await launch([DIST, broken]);
  const exts = await extensions(browser, 2);
  ext = Object.fromEntries(exts.map((e) => [e.name, e.id]));
  assert.ok(ext.why405 && ext['why405-broken'], JSON.stringify(exts));
});

test.after(async () => {
  await browser?.close();
  api?.server.close();
  app?.server.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('a refused PUT preflight shows as PUT 405 with a cause, and export-json is the CLI contract', async () => {
  // A new tab (DevTools opens with it, after the extension has loaded).
  const page = await browser.newPage();
  const pageUrl = `${app.origin}/`;
  await page.goto(pageUrl);
  const { page: devtools, frame: capture } = await captureFor(browser, pageUrl, WAIT);

  const target = `${api.origin}/api/items/1?run=${Date.now()}`;
  const outcome = await page.evaluate(
    (url) =>
      fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }).then(
        (r) => `status ${r.status}`,
        (e) => `error ${e.name}`,
      ),
    target,
  );
  assert.equal(outcome, 'error TypeError', 'the browser blocks the PUT');
  // The panel was never shown: no listener, nothing captured live.
  assert.equal(await capture.evaluate(() => why405Capture.live), false, 'no onRequestFinished listener while the panel is hidden');

  const panel = await openPanel(devtools, ext.why405, WAIT);
  // The preflight and the blocked PUT both reach the capture (the backfill from getHAR()).
  await capture.waitForFunction(
    (url) => why405Capture.live && why405Capture.entries.map((j) => JSON.parse(j)).filter((e) => e.request.url === url).length >= 2,
    { timeout: WAIT, polling: 50 },
    target,
  );
  // …and the panel holds every entry the capture has (a preflight alone is already a row, with its 200).
  const captured = await capture.evaluate(() => why405Capture.entries.length);
  await panel.waitForFunction((n) => Number(document.querySelector('.why405')?.dataset.received) >= n, { timeout: WAIT, polling: 50 }, captured);
  const row = await panel.waitForSelector('.row[data-cause]', { timeout: WAIT }).catch(async (e) => {
    const text = await panel.evaluate(() => document.body.innerText).catch(() => '?');
    throw new Error(`${e.message}; the panel shows:\n${text}`);
  });
  const cells = await row.evaluate((r) => ({
    method: r.querySelector('[data-field=method]').textContent,
    path: r.querySelector('[data-field=path]').textContent,
    status: r.querySelector('[data-field=status]').textContent,
    badge: r.querySelector('[data-field=cause] .badge').textContent,
    cause: r.dataset.cause,
  }));
  assert.equal(cells.method, 'PUT');
  assert.match(cells.path, /^\/api\/items\/1\?run=/);
  assert.match(cells.status, /405/, 'the real status, not "CORS error"');
  assert.ok(cells.badge.trim().length > 0, 'a cause badge');
  assert.equal(cells.cause, 'cors_preflight');

  // Keyboard: focus the list, Enter opens the detail with the headline.
  await devtools.bringToFront();
  await panel.focus('.list');
  await devtools.keyboard.press('Home');
  await devtools.keyboard.press('Enter');
  const headline = await panel.waitForSelector('.detail [data-field=summary]', { timeout: WAIT });
  assert.ok((await headline.evaluate((h) => h.textContent)).length > 10, 'a one-sentence headline');
  await devtools.keyboard.press('Escape');
  await panel.waitForFunction(() => !document.querySelector('.detail'), { timeout: WAIT, polling: 50 });

  // export-json downloads exactly the CLI's JSON for the same capture.
  const downloads = join(workDir, 'downloads');
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no download within 20 s')), WAIT);
    cdp.on('Browser.downloadProgress', (e) => {
      if (e.state === 'completed') {
        clearTimeout(timer);
        resolve(e);
      } else if (e.state === 'canceled') {
        clearTimeout(timer);
        reject(new Error('download canceled'));
      }
    });
  });
  await panel.click('[data-action=export-json]');
  await done;
  const exported = JSON.parse(readFileSync(join(downloads, 'why405.json'), 'utf8'));
  assert.deepEqual(Object.keys(exported).sort(), ['diagnoses', 'warnings']);
  assert.ok(Array.isArray(exported.warnings));
  const put = exported.diagnoses.find((d) => d.method === 'PUT' && d.url === target);
  assert.ok(put, 'the PUT is in the export');
  for (const f of DIAGNOSIS_FIELDS) assert.ok(f in put, `diagnosis field ${f}`);
  assert.equal(put.status, 405);
  assert.equal(put.cause, 'cors_preflight');

  // The same entries through the CLI give the same JSON.
  if (existsSync(CLI)) {
    const har = { log: { version: '1.2', creator: { name: 'why405-e2e', version: '1' }, entries: await capture.evaluate(() => why405Capture.entries.map((j) => JSON.parse(j))) } };
    const harFile = join(workDir, 'capture.har');
    writeFileSync(harFile, JSON.stringify(har));
    let out;
    try {
      out = execFileSync(CLI, ['diagnose', harFile, '--format', 'json'], { encoding: 'utf8' });
    } catch (e) {
      out = e.stdout; // exit 1 = a problem was found
    }
    assert.deepEqual(exported, JSON.parse(out));
  }

  // The panel page reloads (as when DevTools is undocked/redocked): the
  // capture kept by the DevTools page comes back whole.
  await panel.evaluate(() => location.reload());
  await panel.waitForFunction(() => globalThis.why405?.attached(), { timeout: WAIT, polling: 50 });
  await panel.waitForSelector('.row[data-cause=cors_preflight]', { timeout: WAIT });

  // An unreadable entry becomes a visible warning; the rows stay.
  await capture.evaluate(() => why405Capture.emit({ type: 'entries', entries: ['{"not": "a HAR entry"'] }));
  await panel.waitForSelector('.warnings', { timeout: WAIT });
  assert.ok(await panel.$('.row[data-cause=cors_preflight]'), 'rows survive a bad entry');
});

test('navigation clears the list unless "preserve log" is on; a reload clears it too', async () => {
  const page = await browser.newPage();
  const pageUrl = `${app.origin}/nav`;
  await page.goto(pageUrl);
  const { page: devtools, frame: capture } = await captureFor(browser, pageUrl, WAIT);
  const refuse = async (tag) => {
    const url = `${api.origin}/api/items/${tag}?run=${Date.now()}`;
    await page.evaluate((u) => fetch(u, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/json' } }).catch(() => null), url);
    return url;
  };
  const rowFor = (url) => panel.waitForFunction(
    (u) => [...document.querySelectorAll('.row')].some((r) => r.title === u),
    { timeout: WAIT, polling: 50 },
    url,
  );
  const sawDocument = (url) => capture.waitForFunction(
    (u) => why405Capture.entries.some((j) => JSON.parse(j).request.url === u),
    { timeout: WAIT, polling: 50 },
    url,
  );
  const first = await refuse('a');
  const panel = await showExtensionPanel(devtools, ext.why405);
  await rowFor(first);

  await page.goto(`${app.origin}/nav?2`);
  await panel.waitForFunction(() => document.querySelectorAll('.row').length === 0, { timeout: WAIT, polling: 50 });

  await panel.click('[data-action=preserve-log]');
  await capture.waitForFunction(() => why405Capture.preserveLog === true, { timeout: WAIT, polling: 50 });
  const second = await refuse('b');
  await rowFor(second);
  await page.goto(`${app.origin}/nav?3`);
  await sawDocument(`${app.origin}/nav?3`);
  assert.ok(await panel.evaluate((u) => [...document.querySelectorAll('.row')].some((r) => r.title === u), second), 'kept across navigation');

  await panel.click('[data-action=preserve-log]');
  await capture.waitForFunction(() => why405Capture.preserveLog === false, { timeout: WAIT, polling: 50 });
  // A reload is a navigation too (the notice's reload-page button, shown only when requests were made before
  // DevTools was opened, is checked in e2e-widths.js).
  await page.reload();
  await panel.waitForFunction(() => document.querySelectorAll('.row').length === 0, { timeout: WAIT, polling: 50 });
  await sawDocument(`${app.origin}/nav?3`);
  await page.close();
});

test('requests made while the panel is hidden (never shown, then hidden again) appear when it is shown, diagnosed as the CLI does; a navigation while hidden clears them', async () => {
  const page = await browser.newPage();
  const pageUrl = `${app.origin}/hidden`;
  await page.goto(pageUrl);
  const { page: devtools, frame: capture } = await captureFor(browser, pageUrl, WAIT);
  const run = Date.now();
  const call = (method, tag) => {
    const url = `${api.origin}/api/items/${tag}?run=${run}`;
    return page
      .evaluate((u, m) => fetch(u, m === 'GET' ? {} : { method: m, body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.status, () => 'error'), url, method)
      .then(() => url);
  };
  const rowUrls = (panel) => panel.evaluate(() => [...document.querySelectorAll('.row')].map((r) => r.title));
  const exportAndCli = async (panel, name) => {
    const downloads = join(workDir, name);
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    const done = new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('no download within 20 s')), WAIT);
      cdp.on('Browser.downloadProgress', (e) => {
        if (e.state === 'completed') (clearTimeout(timer), res());
        else if (e.state === 'canceled') (clearTimeout(timer), rej(new Error('download canceled')));
      });
    });
    await panel.click('[data-action=export-json]');
    await done;
    await cdp.detach();
    const exported = JSON.parse(readFileSync(join(downloads, 'why405.json'), 'utf8'));
    const har = { log: { version: '1.2', creator: { name: 'why405-e2e', version: '1' }, entries: await capture.evaluate(() => why405Capture.entries.map((j) => JSON.parse(j))) } };
    const harFile = join(workDir, `${name}.har`);
    writeFileSync(harFile, JSON.stringify(har));
    let out;
    try {
      out = execFileSync(CLI, ['diagnose', harFile, '--format', 'json'], { encoding: 'utf8' });
    } catch (e) {
      out = e.stdout;
    }
    assert.deepEqual(exported, JSON.parse(out), 'export-json equals the CLI on the same entries');
    return { exported, entries: har.log.entries };
  };
  const inOrder = (entries, urls) => {
    const seen = entries.map((e) => e.request.url);
    const keys = entries.map((e) => `${e.startedDateTime}|${e.request.method}|${e.request.url}`);
    assert.equal(new Set(keys).size, keys.length, 'no entry twice');
    const at = urls.map((u) => seen.lastIndexOf(u));
    assert.ok(at.every((i) => i >= 0), `all in the capture: ${urls.join(', ')}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at, 'in the order they were made');
  };

  // 1. Never shown: a refused PUT (preflight 405) and a GET.
  const a = [await call('PUT', 'a1'), await call('GET', 'a2')];
  assert.equal(await capture.evaluate(() => why405Capture.live), false, 'no listener while never shown');
  let panel = await showExtensionPanel(devtools, ext.why405);
  await capture.waitForFunction(() => why405Capture.live && why405Capture.ready && why405Capture.syncs >= 1, { timeout: WAIT, polling: 50 });
  await panel.waitForFunction((u) => [...document.querySelectorAll('.row')].some((r) => r.title === u), { timeout: WAIT, polling: 50 }, a[0]);
  const first = await exportAndCli(panel, 'hidden-1');
  inOrder(first.entries, a);
  assert.equal(first.exported.diagnoses.find((d) => d.url === a[0] && d.method === 'PUT')?.cause, 'cors_preflight');

  // 2. Shown once, then hidden (another DevTools panel): more requests, then shown again.
  await showDevtoolsPanel(devtools, 'console');
  await capture.waitForFunction(() => !why405Capture.live, { timeout: WAIT, polling: 50 });
  const syncs = await capture.evaluate(() => why405Capture.syncs);
  const b = [await call('PUT', 'b1'), await call('DELETE', 'b2'), await call('GET', 'b3')];
  assert.equal(await capture.evaluate((u) => why405Capture.entries.some((j) => j.includes(u)), b[0]), false, 'nothing captured live while hidden');
  panel = await showExtensionPanel(devtools, ext.why405);
  await capture.waitForFunction((n) => why405Capture.live && why405Capture.ready && why405Capture.syncs > n, { timeout: WAIT, polling: 50 }, syncs);
  await panel.waitForFunction((u) => [...document.querySelectorAll('.row')].some((r) => r.title === u), { timeout: WAIT, polling: 50 }, b[1]);
  const second = await exportAndCli(panel, 'hidden-2');
  inOrder(second.entries, [...a, ...b]);
  for (const u of [a[0], b[0], b[1]]) assert.ok((await rowUrls(panel)).includes(u), `a row for ${u}`);
  assert.equal(second.exported.diagnoses.find((d) => d.url === b[0] && d.method === 'PUT')?.cause, 'cors_preflight');
  // A request made while shown (live) after the backfill: once, after the others.
  const c = await call('PUT', 'c1');
  await capture.waitForFunction((u) => why405Capture.entries.some((j) => j.includes(u)), { timeout: WAIT, polling: 50 }, c);
  inOrder(await capture.evaluate(() => why405Capture.entries.map((j) => JSON.parse(j))), [...a, ...b, c]);

  // 3. Hidden, a navigation ("preserve log" off), a request on the new page: shown again, only the new page.
  await showDevtoolsPanel(devtools, 'console');
  await capture.waitForFunction(() => !why405Capture.live, { timeout: WAIT, polling: 50 });
  await page.goto(`${app.origin}/hidden?2`);
  const d = await call('PUT', 'd1');
  panel = await showExtensionPanel(devtools, ext.why405);
  await panel.waitForFunction((u) => [...document.querySelectorAll('.row')].some((r) => r.title === u), { timeout: WAIT, polling: 50 }, d);
  await capture.waitForFunction(() => why405Capture.ready, { timeout: WAIT, polling: 50 });
  const urls = await capture.evaluate(() => why405Capture.entries.map((j) => JSON.parse(j).request.url));
  assert.deepEqual(urls.filter((u) => u.includes(`run=${run}`) && !u.includes('/d1?')), [], 'the previous page\'s requests are not resurrected');
  assert.ok(urls.includes(`${app.origin}/hidden?2`), 'the new page is kept');
  assert.deepEqual(await rowUrls(panel), [d]);
  await exportAndCli(panel, 'hidden-3');
  await page.close();
});

test('the panel says so when its wasm cannot load (never blank)', async () => {
  const tab = await browser.newPage();
  await tab.goto(`chrome-extension://${ext['why405-broken']}/panel.html`);
  const box = await tab.waitForSelector('.boot-error', { timeout: WAIT });
  assert.match(await box.evaluate((b) => b.textContent), /could not start/);
  await tab.close();
});
