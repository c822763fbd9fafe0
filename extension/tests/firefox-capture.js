// Firefox: the extension's capture and orphan-preflight recovery in
// headless Firefox ESR, with the real DevTools toolbox open.
//
// Neither WebDriver BiDi (it refuses moz-extension:// pages) nor web-ext
// (its --devtools opens the add-on debugger, not a tab's toolbox) can open a
// tab's toolbox for a test. Marionette can: Firefox is started with
// -marionette -remote-allow-system-access, the test installs dist/firefox
// as a temporary add-on, loads the page, and calls DevTools'
// gDevTools.showToolboxForTab() from the browser's chrome context.
//
// The extension's pages then run in the extension process, out of reach of
// both protocols; a test copy of dist/firefox adds one probe script to
// devtools.html and panel.html (the extension's own files are unchanged)
// that posts what they hold to a loopback server: the DevTools page's
// capture (the test runs the CLI on it) and the panel's rows.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { execFileSync } = require('node:child_process');
const { launchFirefox } = require('./lib/marionette');
const { noCorsApi, pageServer, messageSink } = require('./lib/servers');

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const DIST = process.env.WHY405_FIREFOX_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'firefox');
const CLI = process.env.WHY405_BIN ?? join(resolve(__dirname, '..', '..'), 'target', 'debug', 'why405');
const WAIT = 20_000;

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** `why405 diagnose --format json --all` on these entries. */
function cliJson(dir, entries) {
  const file = join(dir, 'capture.har');
  writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'Firefox', version: '' }, entries } }));
  try {
    return JSON.parse(execFileSync(CLI, ['diagnose', file, '--format', 'json', '--all'], { encoding: 'utf8' }));
  } catch (e) {
    if (e.status !== 1) throw e; // 1 = a problem was found
    return JSON.parse(e.stdout);
  }
}

/** Injected into the test copy's devtools.html and panel.html. */
const PROBE = `
const SINK = 'http://127.0.0.1:__PORT__/probe';
const post = (kind, data) => fetch(SINK, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ kind, data }) }).catch(() => {});
if (location.pathname.endsWith('/devtools.html')) {
  let timer = null;
  const report = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const c = globalThis.why405Capture;
      post('capture', { ready: c.ready, live: c.live, entries: c.entries.map((j) => JSON.parse(j)) });
    }, 50);
  };
  const wait = setInterval(() => {
    if (!globalThis.why405Capture) return;
    clearInterval(wait);
    globalThis.why405Capture.subscribe(report);
    report();
  }, 20);
} else {
  let timer = null;
  const rows = () => [...document.querySelectorAll('.row')].map((r) => ({
    method: r.querySelector('[data-field=method]')?.textContent, url: r.title, cause: r.dataset.cause,
    status: r.querySelector('[data-field=status]')?.firstChild?.textContent,
    badge: r.querySelector('[data-field=cause] .badge')?.textContent,
  }));
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => post('panel', { rows: rows(), attached: Boolean(globalThis.why405?.attached()) }), 50);
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  post('panel', { rows: rows(), loaded: true });
}
`;

/** Chrome-context script: the toolbox of the selected tab (opened when needed). */
const TOOLBOX = `
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const win = Services.wm.getMostRecentWindow('navigator:browser');
  const toolbox = await gDevTools.showToolboxForTab(win.gBrowser.selectedTab, { toolId: 'netmonitor' });
`;

test('Firefox: the toolbox opens, the capture runs, an orphan preflight becomes an inferred PUT with cause cors_preflight, and CORS-hidden 405 and 200 responses are named', { skip: !existsSync(FIREFOX) && `no ${FIREFOX}` }, async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first: ${DIST}`);
  const work = mkdtempSync(join(tmpdir(), 'why405-ff-'));
  const sink = await messageSink(WAIT);
  const [api, app] = await Promise.all([noCorsApi(), pageServer()]);
  let ff;
  try {
    // The test copy: the built extension plus the probe.
    const ext = join(work, 'firefox');
    cpSync(DIST, ext, { recursive: true });
    writeFileSync(join(ext, 'why405-test-probe.js'), PROBE.replace('__PORT__', String(sink.port)));
    for (const page of ['devtools.html', 'panel.html']) {
      const html = readFileSync(join(ext, page), 'utf8');
      writeFileSync(join(ext, page), html.replace(/(<script type="module" src="(devtools|panel)\.js"><\/script>)/, '$1\n<script type="module" src="why405-test-probe.js"></script>'));
    }

    ff = await launchFirefox();
    const m = ff.marionette;
    const { value: id } = await m.send('Addon:Install', { path: ext, temporary: true });
    assert.equal(id, 'why405@why405.dev');

    const pageUrl = `${app.origin}/`;
    await m.send('WebDriver:Navigate', { url: pageUrl });
    await m.send('Marionette:SetContext', { value: 'chrome' });
    await m.execute(`${TOOLBOX} return toolbox.currentToolId;`);
    await m.send('Marionette:SetContext', { value: 'content' });
    await sink.waitFor('capture', (d) => d.ready, 'with the capture ready');

    // On a cold start Firefox's network monitor can list requests before it records their preflights (seen
    // after the page cache was dropped: its own request list then held the PUT alone, as did getHAR()). A
    // preflighted warm-up request, made again until the monitor lists its OPTIONS, before the scenario's own.
    for (let attempt = 1; ; attempt++) {
      const warm = `${api.origin}/api/items/1?warm=${Date.now()}`;
      await m.execute(`return fetch(args[0], { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }).then(() => 1, () => 0);`, [warm]);
      await m.send('Marionette:SetContext', { value: 'chrome' });
      const recorded = await m.execute(`${TOOLBOX}
        const panel = toolbox.getPanel('netmonitor') ?? await toolbox.selectTool('netmonitor');
        for (let i = 0; i < 40; i++) {
          const all = panel.panelWin.store.getState().requests.requests;
          const list = Array.isArray(all) ? all : [...all.values()];
          if (list.some((r) => r.method === 'OPTIONS' && r.url === args[0])) return true;
          await new Promise((ok) => win.setTimeout(ok, 50));
        }
        return false;`, [warm]);
      await m.send('Marionette:SetContext', { value: 'content' });
      if (recorded) {
        if (attempt > 1) console.error(`note: Firefox's network monitor recorded a preflight at the warm-up's attempt ${attempt}`);
        break;
      }
      assert.ok(attempt < 5, 'Firefox\'s network monitor recorded none of five preflights');
    }

    // A PUT whose preflight is refused (405, no CORS headers): Firefox leaves the PUT out of its HAR.
    const target = `${api.origin}/api/items/1?run=${Date.now()}`;
    const outcome = await m.execute(
      `return fetch(args[0], { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }).then((r) => 'status ' + r.status, (e) => 'error ' + e.name);`,
      [target],
    );
    assert.equal(outcome, 'error TypeError', 'Firefox blocks the PUT');
    // The why405 panel, shown in the toolbox, lists it.
    await m.send('Marionette:SetContext', { value: 'chrome' });
    const tabs = await m.execute(`${TOOLBOX}
      const ids = [...toolbox.doc.querySelectorAll('.devtools-tab')].map((t) => t.id.replace(/^toolbox-tab-/, ''));
      const mine = ids.find((i) => i.startsWith('webext-devtools-panel'));
      if (mine) await toolbox.selectTool(mine);
      return { ids, mine: mine ?? null, current: toolbox.currentToolId };`);
    assert.ok(tabs.mine, `the why405 panel among the toolbox tabs: ${JSON.stringify(tabs.ids)}`);
    await m.send('Marionette:SetContext', { value: 'content' });
    // Made while the why405 panel was hidden (the Network panel shown): the capture gets it from getHAR() once shown.
    // (the preflight itself: from getHAR() the PUT, listed first, can arrive alone a moment before it)
    const cap = await sink.waitFor('capture', (d) => d.entries.some((e) => e.request.url === target && e.request.method === 'OPTIONS'), 'with the preflight');
    const forTarget = cap.entries.filter((e) => e.request.url === target);
    // Live (onRequestFinished), Firefox leaves out the PUT whose preflight failed; its getHAR() (the
    // backfill: the request was made while the panel was hidden) lists it first, with no response.
    const shape = forTarget.map((e) => `${e.request.method} ${e.response.status}`);
    assert.ok(sameValue(shape, ['OPTIONS 405']) || sameValue(shape, ['PUT 0', 'OPTIONS 405']), `the HAR's shape: ${shape}`);
    assert.ok(!('_resourceType' in forTarget[0]), 'a Firefox-shaped entry (no _resourceType)');
    // The core's diagnoses of the capture: the CLI.
    const diagnoses = cliJson(work, cap.entries);
    const d = diagnoses.diagnoses.find((x) => x.url === target && x.method === 'PUT');
    assert.ok(d, `the core diagnoses the PUT: ${JSON.stringify(diagnoses).slice(0, 1000)}`);
    assert.equal(d.cause, 'cors_preflight');
    assert.equal(d.request_inferred, shape.length === 1, 'inferred from the orphan preflight when the PUT is absent');
    assert.equal(d.status, 405);

    const shown = await sink.waitFor('panel', (p) => p.rows.some((r) => r.url === target), 'with the inferred PUT row');
    const row = shown.rows.find((r) => r.url === target);
    assert.equal(row.method, 'PUT');
    assert.equal(row.cause, 'cors_preflight');
    assert.equal(row.status, '405');
    assert.ok(row.badge?.trim(), 'a cause badge');

    // Two more, made while the why405 panel is shown (captured live): a simple POST the API refuses with 405
    // and no CORS headers, and a GET whose 200 has no Access-Control-Allow-Origin. Firefox hides both
    // responses from the page; its capture has them, and the core names why.
    const post = `${api.origin}/api/items?post=${Date.now()}`;
    const get = `${api.origin}/api/items/1?get=${Date.now()}`;
    for (const [url, init] of [[post, "{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }"], [get, '{}']]) {
      const seen = await m.execute(`return fetch(args[0], ${init}).then((r) => 'status ' + r.status, (e) => 'error ' + e.name);`, [url]);
      assert.equal(seen, 'error TypeError', `Firefox hides the response of ${url} from the page`);
    }
    const cap2 = await sink.waitFor('capture', (c) => [post, get].every((u) => c.entries.some((e) => e.request.url === u)), 'with the POST and the GET');
    const all = cliJson(work, cap2.entries).diagnoses;
    const dPost = all.find((x) => x.url === post && x.method === 'POST');
    assert.ok(dPost, 'the core diagnoses the POST');
    assert.equal(dPost.cause, 'method_mismatch');
    assert.equal(dPost.status, 405);
    assert.deepEqual(dPost.allowed, ['GET', 'HEAD']);
    assert.equal(dPost.cors_error, 'MissingAllowOriginHeader');
    const dGet = all.find((x) => x.url === get && x.method === 'GET');
    assert.ok(dGet, 'the core diagnoses the GET');
    assert.equal(dGet.cause, 'not_method_related');
    assert.equal(dGet.status, 200);
    assert.equal(dGet.cors_error, 'MissingAllowOriginHeader');
    const shown2 = await sink.waitFor('panel', (p) => [post, get].every((u) => p.rows.some((r) => r.url === u)), 'with the POST and GET rows');
    const rowPost = shown2.rows.find((r) => r.url === post);
    assert.equal(rowPost.cause, 'method_mismatch');
    assert.equal(rowPost.status, '405');
    assert.equal(shown2.rows.find((r) => r.url === get).cause, 'not_method_related');
  } finally {
    await ff?.close();
    sink.server.close();
    api.server.close();
    app.server.close();
    rmSync(work, { recursive: true, force: true });
  }
});
