// End to end across every cause: the lab's real servers (Flask, FastAPI,
// Django, Express, Koa, Slim, nginx, Apache), Chromium with the built
// extension (dist/chrome) and DevTools open. The inspected page
// (http://localhost:7100, the lab's origin) runs each scenario's fetches
// through /lab.js, as the lab does; then the why405 panel must show, per
// scenario, the cause badge, the real status (the preflight's for a failed
// preflight) and the headline, and export-json must equal the CLI's JSON for
// the same captured entries. Chromium's own CORS verdict comes from the
// DevTools protocol on the page, live.
//
// Each scenario gets a fresh page load (which clears the capture and the
// panel, preserve log being off), as the lab gives each a fresh browser
// context: the engine rightly uses evidence across a whole HAR (a GET that
// succeeded on the same path, the stack seen on the same origin), so
// scenarios sharing one capture change each other's diagnoses.
// The panel shows the user's own capture unredacted; export-json and the CLI
// redact secrets, so a headline is compared with the CLI's
// --include-secrets summary when the export's summary holds a mask ("REDACTED" in URLs, "[redacted, N chars]").
//
//   WHY405_E2E_SCENARIOS=flask,slim_catchall_options_put_missing_route  (default: every lab scenario)
//
// Bounded waits only, no sleeps.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { execFileSync } = require('node:child_process');
const { launch, extensions, captureFor, openPanel } = require('./lib/chromium');
const { startLab, stepsOf } = require('./lib/lab');

const ROOT = resolve(__dirname, '..', '..');
const DIST = process.env.WHY405_DIST ?? join(ROOT, 'dist', 'chrome');
const CLI = process.env.WHY405_BIN ?? join(ROOT, 'target', 'debug', 'why405');
const ONLY = (process.env.WHY405_E2E_SCENARIOS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const WAIT = 20_000;
const FETCH_TIMEOUT = 10_000;

/** The causes the lab must cover: a selection without one of them is reported. */
const CAUSES = ['cors_preflight', 'catch_all_options', 'method_mismatch', 'server_rule', 'redirect_method_change', 'not_method_related'];

let lab, browser, ext, workDir;
const failed = new Set();
const timings = {};

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

test.before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first (./build.sh extension): ${DIST}`);
  assert.ok(existsSync(CLI), `build the CLI first (cargo build --bin why405): ${CLI}`);
  workDir = mkdtempSync(join(tmpdir(), 'why405-e2e-lab-'));
  let t = Date.now();
  lab = await startLab({ only: ONLY });
  timings.servers = Date.now() - t;
  t = Date.now();
  browser = await launch([DIST]);
  [ext] = await extensions(browser, 1);
  timings.browser = Date.now() - t;
});

test.after(async () => {
  await browser?.close();
  await lab?.stop();
  // On a failure the captures (<scenario>.har) and exports (downloads/<scenario>/why405.json) stay.
  if (workDir && failed.size === 0 && !process.env.WHY405_E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
  else if (workDir) console.log(`# kept ${workDir} (failed: ${[...failed].join(', ') || 'none'})`);
  if (Object.keys(timings).length) console.log(`# e2e-lab timings (ms): ${JSON.stringify(timings)}`);
});

/** Network events of the inspected page (its own CDP session, beside DevTools'): every hop, and Chromium's CORS verdicts. */
async function watchNetwork(page) {
  const cdp = await page.createCDPSession();
  const hops = []; // {id, method, url, preflight}
  const failed = new Map(); // requestId → loadingFailed
  const waiters = new Set();
  cdp.on('Network.requestWillBeSent', (p) => {
    if (!/^https?:/.test(p.request.url)) return;
    hops.push({ id: p.requestId, method: p.request.method, url: p.request.url, preflight: p.initiator?.type === 'preflight' });
    for (const w of [...waiters]) w();
  });
  cdp.on('Network.loadingFailed', (p) => failed.set(p.requestId, p));
  await cdp.send('Network.enable');
  /** Resolves once Chromium has sent `method url` (a beacon or a CSP report leaves after the page's script returned). */
  const sent = (method, url, timeout) => new Promise((resolve, reject) => {
    const has = () => hops.some((h) => !h.preflight && h.method === method && h.url === url);
    if (has()) return resolve();
    const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`Chromium never sent ${method} ${url}`))), timeout);
    const check = () => {
      if (!has()) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    waiters.add(check);
  });
  return { cdp, hops, failed, sent };
}

/** The page origin's URL of a scenario: navigating there clears the capture (preserve log is off). */
const pageFor = (sc) => `${lab.origin}/?case=${encodeURIComponent(sc.name)}`;

/** The diagnosis (or row) of a request: by method and URL, the URL as the CLI prints it (secrets redacted). */
function sameRequest(method, url, step) {
  if (method !== step.init.method) return false;
  if (url === step.url) return true;
  // Tokens in the query are redacted ("access_token=REDACTED"): compare the other parameters.
  const a = new URL(url);
  const b = new URL(step.url);
  if (a.origin !== b.origin || a.pathname !== b.pathname || ![...a.searchParams.values()].includes('REDACTED')) return false;
  const ka = [...a.searchParams.keys()];
  const kb = [...b.searchParams.keys()];
  return sameValue(ka, kb) && ka.every((k) => a.searchParams.get(k) === 'REDACTED' || a.searchParams.get(k) === b.searchParams.get(k));
}

test('every lab scenario: the panel shows the cause, the real status and the headline; export-json is the CLI', async (t) => {
  const scenarios = lab.scenarios;
  const covered = new Set(scenarios.map((s) => s.expect.cause));
  if (ONLY.length === 0) assert.deepEqual(CAUSES.filter((c) => !covered.has(c)), [], 'the lab covers every cause');

  // One tab (DevTools opens with it), the why405 panel shown once and set to "All".
  const page = await browser.newPage();
  await page.goto(`${lab.origin}/`);
  const { page: devtools, frame: capture } = await captureFor(browser, `${lab.origin}/`, WAIT);
  const net = await watchNetwork(page);
  // In the capture frame: the requests (method + URL, with multiplicity) Chromium made that the capture lacks.
  await capture.evaluate(() => {
    globalThis.missingFrom = (entries, hops) => {
      const have = new Map();
      for (const j of entries) {
        const e = JSON.parse(j);
        const k = `${e.request.method} ${e.request.url}`;
        have.set(k, (have.get(k) ?? 0) + 1);
      }
      const out = [];
      for (const h of hops) {
        const k = `${h.method} ${h.url}`;
        const n = have.get(k) ?? 0;
        if (n > 0) have.set(k, n - 1);
        else out.push(k);
      }
      return out;
    };
  });
  const panel = await openPanel(devtools, ext.id, WAIT);
  await panel.evaluate(() => document.querySelector('[data-action=filter-all]').click());
  const bcdp = await browser.target().createCDPSession();

  const table = [];
  const started = Date.now();
  for (const sc of scenarios) {
    // A form submission navigates the tab away: the panel's capture starts over with the new page (the CLI's
    // live lab and the fixtures check those scenarios).
    if (sc.request.kind === 'form') {
      t.diagnostic(`${sc.name}: a navigation, not run in the panel`);
      continue;
    }
    // A scenario the panel cannot check yet says why (`panel_skip` in its scenarios.json); the live lab checks it.
    if (sc.panel_skip) {
      t.diagnostic(`${sc.name}: not run in the panel: ${sc.panel_skip}`);
      continue;
    }
    await t.test(sc.name, async () => {
      failed.add(sc.name); // until it passes
      const steps = stepsOf(sc);
      const main = steps[steps.length - 1];

      // 1. A fresh page load (clears the capture and the panel), then the scenario's fetches through /lab.js.
      const pageUrl = pageFor(sc);
      await page.goto(pageUrl);
      await capture.waitForFunction((origin, u) => {
        const es = why405Capture.entries.map((j) => JSON.parse(j));
        return es.some((e) => e.request.url === u) && es.every((e) => e.request.url.startsWith(origin));
      }, { timeout: WAIT, polling: 50 }, lab.origin, pageUrl);
      net.hops.length = 0;
      const cookieUrl = new URL(main.url).origin + '/';
      const cookies = (sc.request.cookie ?? '').split(';').map((p) => p.trim()).filter((p) => p.includes('='));
      for (const pair of cookies) {
        const i = pair.indexOf('=');
        const r = await net.cdp.send('Network.setCookie', { name: pair.slice(0, i), value: pair.slice(i + 1), url: cookieUrl });
        assert.ok(r.success, `cookie ${pair}`);
      }
      const js = (await page.evaluate((s, ms) => window.labRun(s, ms), steps, FETCH_TIMEOUT))[steps.length - 1];
      // Cookies ignore ports: this scenario's cookie must not reach the next one's servers.
      for (const pair of cookies) await net.cdp.send('Network.deleteCookies', { name: pair.slice(0, pair.indexOf('=')), url: cookieUrl });

      // 2. The extension's capture holds every request Chromium made for it (each redirect hop, each preflight).
      await net.sent(main.init.method, main.url, WAIT);
      const expected = net.hops.filter((h) => !h.url.startsWith(lab.origin));
      await capture.waitForFunction((hops) => missingFrom(why405Capture.entries, hops).length === 0, { timeout: WAIT, polling: 50 }, expected).catch(async (e) => {
        const left = await capture.evaluate((hops) => missingFrom(why405Capture.entries, hops), expected);
        throw new Error(`${e.message}: the extension's capture lacks ${left.join(', ')}`);
      });
      const entries = await capture.evaluate(() => why405Capture.entries.map((j) => JSON.parse(j)));

      // Chromium's own verdict for the scenario's request (the last one with this method and URL).
      const hop = net.hops.filter((h) => !h.preflight && h.url === main.url && h.method === main.init.method).pop();
      assert.ok(hop, `Chromium never sent ${main.init.method} ${main.url}`);
      const chromiumCors = net.failed.get(hop.id)?.corsErrorStatus?.corsError ?? null;

      // 3. The CLI on the same entries.
      const harFile = join(workDir, `${sc.name}.har`);
      writeFileSync(harFile, JSON.stringify({ log: { version: '1.2', creator: { name: 'why405-e2e-lab', version: '1' }, entries } }));
      let out;
      try {
        out = execFileSync(CLI, ['diagnose', harFile, '--format', 'json', '--all'], { encoding: 'utf8' });
      } catch (e) {
        if (e.status !== 1) throw e; // 1 = a problem was found
        out = e.stdout;
      }
      const cli = JSON.parse(out);

      // 4. The panel: all its rows (the list is virtualised: scroll through it), once it holds every entry the
      // capture has (the number of rows alone can be right too early: a preflight alone is already one row).
      await panel.waitForFunction((n, m) => document.querySelector('.why405')?.dataset.received === String(m)
        && document.querySelector('[data-action=filter-all]').textContent === `All (${n})`,
      { timeout: WAIT, polling: 50 }, cli.diagnoses.length, entries.length).catch(async (e) => {
        const text = await panel.evaluate(() => `${document.querySelector('.toolbar')?.textContent}, ${document.querySelector('.why405')?.dataset.received} entries`).catch(() => '?');
        throw new Error(`${e.message}: the CLI has ${cli.diagnoses.length} diagnoses of ${entries.length} entries, the panel says ${text}`);
      });
      const rows = await panel.evaluate(collectRows, WAIT);
      assert.equal(rows.length, cli.diagnoses.length, 'one row per diagnosis');

      // 5. export-json downloads exactly the CLI's JSON.
      const downloads = join(workDir, 'downloads', sc.name);
      await bcdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
      const done = new Promise((res, rej) => {
        const timer = setTimeout(() => (bcdp.off('Browser.downloadProgress', on), rej(new Error('no download within 20 s'))), WAIT);
        const on = (e) => {
          if (e.state !== 'completed' && e.state !== 'canceled') return;
          clearTimeout(timer);
          bcdp.off('Browser.downloadProgress', on);
          if (e.state === 'completed') res(e);
          else rej(new Error('download canceled'));
        };
        bcdp.on('Browser.downloadProgress', on);
      });
      await panel.evaluate(() => document.querySelector('[data-action=export-json]').click());
      await done;
      const exported = JSON.parse(readFileSync(join(downloads, 'why405.json'), 'utf8'));
      assert.deepEqual(exported, cli, 'export-json equals `why405 diagnose --format json --all` on the same entries');

      // 6. The scenario's request: the lab's expectation, Chromium's verdict, what the row and the detail show.
      const d = exported.diagnoses.filter((x) => sameRequest(x.method, x.url, main)).pop();
      assert.ok(d, `no diagnosis for ${main.init.method} ${main.url}: ${exported.diagnoses.map((x) => `${x.method} ${x.url}`).join(', ')}`);
      const problems = [];
      const want = { ...sc.expect, cors_error: chromiumCors };
      const derived = {
        suggestion_contains: (v) => typeof d.suggestion === 'string' && d.suggestion.includes(v),
        preflight_inferred: (v) => Boolean(d.preflight && d.preflight.inferred) === v,
        words_lack: (v) => v.every((w) => ![d.summary, d.suggestion].some((s) => typeof s === 'string' && s.includes(w))),
      };
      for (const [key, value] of Object.entries(want)) {
        if (derived[key]) {
          if (!derived[key](value)) problems.push(`${key}: expected ${JSON.stringify(value)}`);
          continue;
        }
        // Servers emit Allow in no fixed order: compare `allowed` as a set.
        const norm = (v) => (key === 'allowed' && Array.isArray(v) ? [...v].sort() : v);
        // `kind` is absent from the JSON for a fetch
        const got = key === 'kind' && d[key] === undefined ? 'fetch' : d[key];
        if (!sameValue(norm(got), norm(value))) problems.push(`${key}: why405 says ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
      }
      const row = rows.filter((r) => sameRequest(r.method, r.url, main)).pop();
      assert.ok(row, `no row for ${main.init.method} ${main.url}: ${rows.map((r) => `${r.method} ${r.url}`).join(', ')}`);
      if (row.cause !== sc.expect.cause) problems.push(`row cause ${row.cause}, expected ${sc.expect.cause}`);
      if (!row.badge.trim()) problems.push('an empty cause badge');
      const realStatus = d.status === 0 ? 'no response' : String(d.status);
      if (row.status !== realStatus) problems.push(`row status ${JSON.stringify(row.status)}, the diagnosis says ${realStatus}`);
      if (sc.expect.status !== undefined && row.status !== String(sc.expect.status)) problems.push(`row status ${JSON.stringify(row.status)}, expected ${sc.expect.status}`);
      if (row.preflightTag !== (d.status > 0 && d.decided_by === 'preflight')) problems.push(`preflight tag ${row.preflightTag}, decided_by ${d.decided_by}`);
      if (row.corsTag !== (chromiumCors !== null)) problems.push(`CORS tag ${row.corsTag}, Chromium's verdict ${chromiumCors}`);
      // The panel shows the user's own capture unredacted (as DevTools does); the export and the CLI redact secrets.
      const headline = await panel.evaluate(openDetail, row, WAIT);
      const summary = /REDACTED|\[redacted/.test(d.summary) ? unredactedSummary(harFile, exported.diagnoses.indexOf(d)) : d.summary;
      if (headline !== summary) problems.push(`headline ${JSON.stringify(headline)}, the CLI's summary ${JSON.stringify(summary)}`);
      table.push(`${sc.name.padEnd(52)} ${row.cause.padEnd(22)} ${row.status.padEnd(4)}${row.preflightTag ? ' preflight' : '          '}  ${String(chromiumCors ?? '-').padEnd(36)} page saw ${js.error ? 'TypeError' : js.status}`);
      assert.deepEqual(problems, [], `${main.init.method} ${main.url}\n  ${problems.join('\n  ')}\n  summary: ${d.summary}`);
      failed.delete(sc.name);
    });
  }
  timings.scenarios = Date.now() - started;
  console.log(`# scenario, cause (row), status (row), Chromium's corsError, what the page saw\n${table.map((l) => `#   ${l}`).join('\n')}`);
  await page.close();
});

/** The CLI's summary of the i-th diagnosis with --include-secrets. */
function unredactedSummary(harFile, i) {
  let out;
  try {
    out = execFileSync(CLI, ['diagnose', harFile, '--format', 'json', '--all', '--include-secrets'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out).diagnoses[i].summary;
}

/** In the panel: every row of the virtualised list, scrolling through it. */
async function collectRows(wait) {
  const list = document.getElementById('why405-list');
  const until = async (ok) => {
    const end = performance.now() + wait;
    while (!ok()) {
      if (performance.now() > end) throw new Error('the list did not render the scrolled-to rows');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const all = new Map();
  const step = Math.max(24, Math.floor(list.clientHeight / 2));
  for (let top = 0; ; top += step) {
    list.scrollTop = top;
    list.dispatchEvent(new Event('scroll'));
    const first = Math.floor(list.scrollTop / 24) + 1;
    await until(() => list.querySelector(`.row[aria-posinset="${first}"]`));
    for (const r of list.querySelectorAll('.row')) {
      const st = r.querySelector('[data-field=status]');
      all.set(r.dataset.id, {
        id: r.dataset.id,
        index: Number(r.getAttribute('aria-posinset')) - 1,
        url: r.title,
        method: r.querySelector('[data-field=method]').textContent,
        status: st.firstChild?.nodeType === Node.TEXT_NODE ? st.firstChild.textContent : '',
        preflightTag: Boolean(st.querySelector('.pf-tag')),
        corsTag: Boolean(st.querySelector('.cors-tag')),
        cause: r.dataset.cause,
        badge: r.querySelector('[data-field=cause] .badge').textContent,
      });
    }
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
  }
  return [...all.values()].sort((a, b) => a.index - b.index);
}

/** In the panel: open a row (a click, as a user does) and return the detail's headline. */
async function openDetail(r, wait) {
  const list = document.getElementById('why405-list');
  list.scrollTop = Math.max(0, r.index * 24 - 24);
  list.dispatchEvent(new Event('scroll'));
  const end = performance.now() + wait;
  let el;
  while (!(el = document.getElementById(`why405-row-${r.id}`))) {
    if (performance.now() > end) throw new Error(`row ${r.id} did not render`);
    await new Promise((res) => setTimeout(res, 10));
  }
  el.click();
  let h;
  while (!((h = document.querySelector('.detail [data-field=summary]')) && document.getElementById(`why405-row-${r.id}`)?.classList.contains('open'))) {
    if (performance.now() > end) throw new Error(`the detail of row ${r.id} did not open`);
    await new Promise((res) => setTimeout(res, 10));
  }
  return h.textContent;
}
