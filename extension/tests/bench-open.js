// Benchmark: how fast the why405 panel opens. The release build (dist/chrome)
// in Chromium, DevTools open on another panel while the page makes N
// requests (default 1,000 entries: per 10, 7 cross-origin GETs answered 200,
// 1 POST answered 405 with CORS headers, 1 PUT whose preflight is refused
// with 405, which makes 2 entries), then the why405 panel is shown for the
// first time in that DevTools window (DevTools' InspectorView.showPanel).
// Measured: from the moment the panel is shown to the first list rows in its
// DOM, and to the next animation frame after them (the rows on screen). What
// that includes, all of it what a user waits for: DevTools creating the
// panel's frame, loading panel.js and the wasm, instantiating it, mounting
// the UI; the DevTools page's backfill (getHAR() of what was recorded while
// the panel was hidden, error bodies, the merge); handing the entries to the
// wasm, diagnosing them, the first render.
//
// Each round is a new tab, hence a new DevTools window and a panel frame
// loaded from scratch; the browser (and its compiled-wasm cache) stays up, so
// round 1 is the first open in a fresh profile and is reported apart.
// Timestamps are taken in the DevTools window and in the panel frame, on one
// clock (performance.timeOrigin + performance.now()). The breakdown comes
// from probes: a script that runs first in the panel's frame (wraps
// WebAssembly.instantiate*, sees window.why405 assigned, watches for the first
// .row), and wrappers in the DevTools page's frame (getHAR(), the capture's
// deliver(): the hand-over of the entries into the wasm). A probe that does
// not find what it wraps leaves its figures out; the total does not need them.
//   node extension/tests/bench-open.js   (after ./build.sh extension)
//   ROUNDS=9 N=1000 NO_STORE=1 PROFILE=1 (see below)
'use strict';

const http = require('node:http');
const { execFileSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { launch, extensions, captureFor } = require('./lib/chromium');
const { pageServer } = require('./lib/servers');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const N = Number(process.env.N ?? 1000);
// Cache-Control: no-store on the API's responses. DevTools then never answers getContent() for their bodies
// (Chromium 156), and the backfill waits for its per-body timeout.
const NO_STORE = process.env.NO_STORE === '1';
// PROFILE=1: a CPU profile of the panel's thread from the panel's frame on to its first rows, by function (self
// time). Build the wasm with its names for it (wasm-bindgen --keep-debug, wasm-opt -Oz -g) or the wasm's functions
// are only numbers.
const PROFILE = process.env.PROFILE === '1';

/** GET 200 and POST 405 with CORS headers; OPTIONS (preflights) 405 without. */
function api() {
  return new Promise((res) => {
    const server = http.createServer((req, rsp) => {
      req.resume();
      const cors = { 'access-control-allow-origin': '*', ...(NO_STORE ? { 'cache-control': 'no-store' } : {}) };
      if (req.method === 'GET') {
        rsp.writeHead(200, { ...cors, 'content-type': 'application/json' });
        rsp.end('{"id":1,"name":"widget"}');
      } else if (req.method === 'OPTIONS') {
        rsp.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD, POST' });
        rsp.end();
      } else {
        rsp.writeHead(405, { ...cors, 'content-type': 'text/plain', allow: 'GET, HEAD' });
        rsp.end('Method Not Allowed');
      }
    });
    server.keepAliveTimeout = 30_000;
    server.listen(0, '127.0.0.1', () => res({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** In the page: `n` entries' worth of requests, 50 at a time; every URL unique (no preflight cache). */
async function makeRequests(origin, n, round) {
  const kinds = ['get', 'get', 'get', 'get', 'get', 'get', 'get', 'post', 'put'];
  const calls = [];
  for (let i = 0, entries = 0; entries < n; i++) {
    const kind = kinds[i % kinds.length];
    if (kind === 'put' && entries + 2 > n) break;
    const url = `${origin}/api/items/${i}?round=${round}&i=${i}`;
    calls.push(() => {
      if (kind === 'get') return fetch(url);
      if (kind === 'post') return fetch(url, { method: 'POST', body: 'x' });
      return fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    });
    entries += kind === 'put' ? 2 : 1;
  }
  for (let i = 0; i < calls.length; i += 50) {
    await Promise.all(calls.slice(i, i + 50).map((c) => c().catch(() => null)));
  }
  return calls.length;
}

/** In the DevTools window's extension frame (the capture): how many finished entries DevTools' log holds. */
function finishedInLog() {
  return new Promise((r) =>
    chrome.devtools.network.getHAR((h) =>
      r((h?.entries ?? []).filter((e) => e.response?.status > 0 || e.response?._error).length),
    ),
  );
}

/** In the capture's frame, before the panel is shown: time getHAR() calls and deliveries to the panel. */
function probeCapture() {
  const now = () => performance.timeOrigin + performance.now();
  const m = (globalThis.__why405Open = { getHAR: [], deliver: [], getContent: [] });
  const net = chrome.devtools.network;
  const getHAR = net.getHAR;
  net.getHAR = function (cb) {
    const call = { start: now() };
    m.getHAR.push(call);
    return getHAR.call(this, (h) => {
      call.end = now();
      call.entries = h?.entries?.length;
      // Response bodies read from this HAR's entries (the backfill reads error bodies).
      for (const e of h?.entries ?? []) {
        const get = e?.getContent;
        if (typeof get !== 'function') continue;
        e.getContent = function (done) {
          const read = { start: now() };
          m.getContent.push(read);
          return get.call(this, (...args) => {
            read.end = now();
            read.size = typeof args[0] === 'string' ? args[0].length : null;
            done(...args);
          });
        };
      }
      cb(h);
    });
  };
  const c = globalThis.why405Capture;
  if (c && typeof c.deliver === 'function') {
    const deliver = c.deliver;
    c.deliver = function (fn, msg) {
      const d = { type: msg?.type, entries: msg?.entries?.length, start: now() };
      try {
        return deliver.call(this, fn, msg);
      } finally {
        d.end = now();
        m.deliver.push(d);
      }
    };
  }
}

/** Runs first in every new frame of the DevTools window; only acts in the why405 panel. */
function probePanel() {
  if (!location.href.endsWith('/panel.html')) return;
  const now = () => performance.timeOrigin + performance.now();
  const m = (globalThis.__why405Open = { start: performance.timeOrigin, wasm: [] });
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const f = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const call = { name, start: now() };
      m.wasm.push(call);
      try {
        return await f.apply(this, args);
      } finally {
        call.end = now();
      }
    };
  }
  let value;
  Object.defineProperty(window, 'why405', {
    configurable: true,
    get: () => value,
    set: (v) => {
      value = v;
      m.attached ??= now();
      // The hand-over into the wasm: the call itself (JS strings into wasm memory); the panel's update (parse,
      // diagnose, render) runs in a microtask right after it.
      const panel = v?.panel;
      if (!panel) return;
      m.pushes = [];
      // The panel takes the capture's messages through receive() (docs/bridge.md); pushEntries() is the older
      // direct call. Either one is the hand-over.
      for (const name of ['receive', 'pushEntries']) {
        const fn = panel[name];
        if (typeof fn !== 'function') continue;
        panel[name] = function (arg) {
          const entries = Array.isArray(arg) ? arg : arg?.entries;
          const call = { entries: entries?.length, start: now() };
          if (entries?.length) m.pushes.push(call);
          try {
            return fn.call(this, arg);
          } finally {
            call.end = now();
          }
        };
      }
    },
  });
  const seen = () => {
    if (m.rows !== undefined || !document.querySelector('.row')) return;
    m.rows = now();
    m.rowCount = document.querySelectorAll('.row').length;
    requestAnimationFrame(() => {
      m.frame = now();
    });
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

async function showPanel(devtools, prefix) {
  // The DevTools module first (cached afterwards), so the timing starts at the switch itself.
  return devtools.evaluate(async (prefix) => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    const pane = view.tabbedPane ?? view.tabbedPaneInternal;
    const id = pane.tabIds().find((t) => t.startsWith(prefix));
    if (!id) return null;
    const t = performance.timeOrigin + performance.now();
    await view.showPanel(id);
    return t;
  }, prefix);
}

async function startProfile(frame) {
  const cdp = frame.client;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Self time by function over the whole profile (the panel's thread: its frame and the DevTools page's share it). */
async function reportProfile(cdp, frame) {
  const { profile } = await cdp.send('Profiler.stop');
  const m = await frame.evaluate(() => globalThis.__why405Open);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map();
  for (const id of profile.samples) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop() : ''}`.trim();
    total.set(key, (total.get(key) ?? 0) + 1);
  }
  const per = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const top = [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`  profile (${profile.samples.length} samples of ~${per.toFixed(2)} ms): ` + top.map(([k, c]) => `${k} ${(c * per).toFixed(1)}`).join('; '));
  const push = (m.pushes ?? []).find((x) => x.entries > 0);
  if (push) console.log(`  hand-over call ${(push.end - push.start).toFixed(1)} ms, then rows after ${(m.rows - push.end).toFixed(1)} ms`);
}

async function round(browser, ext, app, apiOrigin, k) {
  const page = await browser.newPage();
  try {
    const url = `${app.origin}/open-${k}`;
    await page.goto(url);
    const { page: devtools, frame: capture } = await captureFor(browser, url, 20_000);
    await devtools.bringToFront();
    await devtools.evaluateOnNewDocument(probePanel);
    await page.evaluate(makeRequests, apiOrigin, N, k);
    // DevTools has recorded them all (its log may or may not hold the document too).
    const deadline = Date.now() + 30_000;
    let logged = 0;
    while ((logged = await capture.evaluate(finishedInLog)) < N) {
      if (Date.now() > deadline) throw new Error(`DevTools logged only ${logged} of ${N} entries`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await capture.evaluate(probeCapture);
    const shown = await showPanel(devtools, `chrome-extension://${ext.id}`);
    if (!shown) throw new Error('the why405 panel is not among the DevTools tabs');
    const panelUrl = `chrome-extension://${ext.id}/panel.html`;
    const panel = devtools.frames().find((f) => f.url() === panelUrl) ?? (await devtools.waitForFrame((f) => f.url() === panelUrl, { timeout: 20_000 }));
    const profiling = PROFILE ? await startProfile(panel) : null;
    await panel.waitForFunction(() => globalThis.__why405Open?.frame !== undefined, { timeout: 60_000, polling: 20 });
    if (profiling) await reportProfile(profiling, panel);
    const p = await panel.evaluate(() => ({
      ...globalThis.__why405Open,
      failing: document.querySelector('[data-action=filter-failing]')?.textContent,
      all: document.querySelector('[data-action=filter-all]')?.textContent,
      wasmFetch: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => ({ start: r.startTime, end: r.responseEnd })),
    }));
    const c = await capture.evaluate(() => globalThis.__why405Open);
    return { shown, logged, p, c };
  } finally {
    await page.close();
  }
}

/** Figures of one round, in ms from the moment the panel was shown. */
function figures({ shown, p, c }) {
  const at = (t) => (t === undefined ? undefined : t - shown);
  const wasm = p.wasm.find((w) => w.end !== undefined);
  const getHAR = c.getHAR.filter((g) => g.end !== undefined);
  const reset = c.deliver.find((d) => d.type === 'reset' && d.entries > 0);
  const push = (p.pushes ?? []).find((x) => x.entries > 0);
  const reads = c.getContent.filter((r) => r.end !== undefined);
  return {
    pushStart: at(push?.start),
    pushEnd: at(push?.end),
    bodies: c.getContent.length,
    bodiesAnswered: reads.length,
    bodiesStart: at(c.getContent[0]?.start),
    bodiesEnd: reads.length ? at(Math.max(...reads.map((r) => r.end))) : undefined,
    rows: at(p.rows),
    frame: at(p.frame),
    panelDocument: at(p.start),
    wasmStart: at(wasm?.start),
    wasmReady: at(wasm?.end),
    attached: at(p.attached),
    getHARStart: at(getHAR[0]?.start),
    getHAREnd: getHAR.length ? at(Math.max(...getHAR.map((g) => g.end))) : undefined,
    handOverStart: at(reset?.start),
    handOverEnd: at(reset?.end),
    handed: reset?.entries,
    getHARCalls: c.getHAR.length,
    rowCount: p.rowCount,
    failing: p.failing,
    all: p.all,
  };
}

const fmt = (v) => (v === undefined ? '–' : v.toFixed(0));
function stats(xs) {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (!s.length) return null;
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1], n: s.length };
}

function wasmSize() {
  const dir = join(DIST, 'pkg');
  const file = readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
  return { file, gzip: execFileSync('gzip', ['-9', '-c', join(dir, file)]).length };
}

(async () => {
  const app = await pageServer();
  const apiSrv = await api();
  const browser = await launch([DIST], { protocolTimeout: 120_000 });
  const all = [];
  try {
    const [ext] = await extensions(browser, 1);
    for (let k = 1; k <= ROUNDS; k++) {
      const f = figures(await round(browser, ext, app, apiSrv.origin, k));
      all.push(f);
      console.log(
        `round ${k}: rows in the DOM ${fmt(f.rows)} ms, next frame ${fmt(f.frame)} ms (${f.rowCount} rows; ${f.failing}, ${f.all}) | ` +
          `panel document ${fmt(f.panelDocument)}, wasm instantiate ${fmt(f.wasmStart)}→${fmt(f.wasmReady)}, UI attached ${fmt(f.attached)}, ` +
          `getHAR ${fmt(f.getHARStart)}→${fmt(f.getHAREnd)} (${f.getHARCalls} calls), ${f.bodies} bodies read ${fmt(f.bodiesStart)}→${fmt(f.bodiesEnd)} (${f.bodiesAnswered} answered), ` +
          `hand-over of ${f.handed} entries ${fmt(f.handOverStart)}→${fmt(f.handOverEnd)} (into the wasm ${fmt(f.pushStart)}→${fmt(f.pushEnd)})`,
      );
    }
  } finally {
    await browser.close();
    app.server.close();
    apiSrv.server.close();
  }
  const rest = all.slice(1);
  const line = (name, pick) => {
    const s = stats(rest.map(pick));
    return s ? `${name} median ${fmt(s.median)} ms (${fmt(s.min)}–${fmt(s.max)})` : `${name} –`;
  };
  const size = wasmSize();
  console.log(
    `why405 panel open with ${N} captured entries, shown → first rows on screen: ` +
      `first open in a fresh profile ${fmt(all[0]?.frame)} ms; rounds 2–${all.length}: ` +
      [
        line('rows on screen (next frame)', (f) => f.frame),
        line('rows in the DOM', (f) => f.rows),
        line('panel document', (f) => f.panelDocument),
        line('wasm instantiate start', (f) => f.wasmStart),
        line('wasm ready', (f) => f.wasmReady),
        line('UI attached', (f) => f.attached),
        line('getHAR done', (f) => f.getHAREnd),
        line('hand-over start', (f) => f.handOverStart),
        line('the hand-over call (1,000 JS strings into the wasm)', (f) => (f.pushEnd === undefined ? undefined : f.pushEnd - f.pushStart)),
        line('after it: parse, diagnose, render (to rows in the DOM)', (f) => (f.pushEnd === undefined ? undefined : f.rows - f.pushEnd)),
      ].join('; ') +
      `. Panel wasm ${size.file}: ${size.gzip} B gzip -9.`,
  );
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
