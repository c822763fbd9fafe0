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
const { launch, extensions, devtoolsFor, showExtensionPanel } = require('./lib/chromium');
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
  rmSync(join(broken, 'pkg', 'why405_panel_bg.wasm'));
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
  const { page: devtools, frame: capture } = await devtoolsFor(browser, pageUrl);
  await capture.waitForFunction(() => globalThis.why405Capture?.ready === true, { timeout: WAIT, polling: 50 });

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
  // The preflight and the blocked PUT both reach the capture.
  await capture.waitForFunction(
    (url) => why405Capture.entries.map((j) => JSON.parse(j)).filter((e) => e.request.url === url).length >= 2,
    { timeout: WAIT, polling: 50 },
    target,
  );

  const panel = await showExtensionPanel(devtools, ext.why405);
  await panel.waitForFunction(() => globalThis.why405?.attached(), { timeout: WAIT, polling: 50 });
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

test('navigation clears the list unless "preserve log" is on; the reload button reloads the page', async () => {
  const page = await browser.newPage();
  const pageUrl = `${app.origin}/nav`;
  await page.goto(pageUrl);
  const { page: devtools, frame: capture } = await devtoolsFor(browser, pageUrl);
  await capture.waitForFunction(() => globalThis.why405Capture?.ready === true, { timeout: WAIT, polling: 50 });
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
  await panel.click('[data-action=reload-page]');
  await panel.waitForFunction(() => document.querySelectorAll('.row').length === 0, { timeout: WAIT, polling: 50 });
  await sawDocument(`${app.origin}/nav?3`);
  await page.close();
});

test('the panel says so when its wasm cannot load (never blank)', async () => {
  const tab = await browser.newPage();
  await tab.goto(`chrome-extension://${ext['why405-broken']}/panel.html`);
  const box = await tab.waitForSelector('.boot-error', { timeout: WAIT });
  assert.match(await box.evaluate((b) => b.textContent), /could not start/);
  await tab.close();
});
