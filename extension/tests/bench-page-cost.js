// Benchmark: what capture costs the inspected page. The same Chromium
// binary, the same page and servers, DevTools open and loaded in both arms:
//   A: why405 (dist/chrome) loaded — its DevTools page captures every request;
//   B: an empty MV3 extension loaded in its place (same flags and extension
//      machinery; see CONTROL).
// Both browsers stay up for the whole run, so background load on a shared
// machine hits both alike, and the measured fetches alternate between them
// in blocks (A/B/A/B…, the order flipped every block) to cancel drift. The
// page times, with performance.now(), N sequential cross-origin fetches per
// round (every fifth a POST the server refuses with 405 and a body, which
// why405 reads; the rest GET 200), after WARMUP unmeasured ones.
//   node extension/tests/bench-page-cost.js   (after ./build.sh extension)
//   ROUNDS=7 N=1000 BLOCK=100 WARMUP=100
//   SHOWN=1: the why405 panel is shown in arm A for the whole run (its
//   onRequestFinished listener is on). Default: hidden (another DevTools
//   panel shown, the common case while reproducing); the capture then gets
//   the fetches from getHAR() when the panel is shown at the end.
'use strict';

const http = require('node:http');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launch, extensions, showExtensionPanel, captureFor } = require('./lib/chromium');
const { pageServer } = require('./lib/servers');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const N = Number(process.env.N ?? 1000);
const BLOCK = Number(process.env.BLOCK ?? 100);
const WARMUP = Number(process.env.WARMUP ?? 100);
const SHOWN = process.env.SHOWN === '1';

// The control arm loads an empty MV3 extension instead of why405, so both
// browsers start with the same flags. (With no extension at all,
// --load-extension= is empty, and in a first try those runs came out 25–50 %
// slower than the why405 runs: not comparable.)
const CONTROL = mkdtempSync(join(tmpdir(), 'why405-control-ext-'));
writeFileSync(join(CONTROL, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'control', version: '1' }));
// LISTENER=1 adds a third arm to attribute the cost: a DevTools page whose
// onRequestFinished listener does nothing (what DevTools itself spends
// handing every request to an extension, before why405 does any work).
const LISTENER = process.env.LISTENER === '1' ? mkdtempSync(join(tmpdir(), 'why405-listener-ext-')) : null;
if (LISTENER) {
  writeFileSync(join(LISTENER, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'listener', version: '1', devtools_page: 'devtools.html' }));
  writeFileSync(join(LISTENER, 'devtools.html'), '<!doctype html><script src="devtools.js"></script>');
  writeFileSync(join(LISTENER, 'devtools.js'), 'chrome.devtools.network.onRequestFinished.addListener(() => {});');
}

function api() {
  return new Promise((res) => {
    const server = http.createServer((req, rsp) => {
      const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
      if (req.method === 'GET') {
        rsp.writeHead(200, { ...cors, 'content-type': 'application/json' });
        rsp.end('{"id":1,"name":"widget"}');
      } else {
        req.resume();
        rsp.writeHead(405, { ...cors, 'content-type': 'text/plain', allow: 'GET, HEAD' });
        rsp.end('Method Not Allowed');
      }
    });
    server.keepAliveTimeout = 30_000;
    server.listen(0, '127.0.0.1', () => res({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** Waits until the tab's DevTools window has loaded its UI (the same point in both arms). */
async function devtoolsLoaded(browser, page, timeout = 20_000) {
  if (!page) {
    const target = await browser.waitForTarget((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'), { timeout });
    page = await target.asPage();
  }
  const deadline = Date.now() + timeout;
  for (;;) {
    const ok = await page
      .evaluate(async () => {
        try {
          const UI = await import('./ui/legacy/legacy.js');
          const view = UI.InspectorView.InspectorView.instance();
          return document.readyState === 'complete' && (view.tabbedPane ?? view.tabbedPaneInternal).tabIds().length > 0;
        } catch {
          return false;
        }
      })
      .catch(() => false);
    if (ok) return page;
    if (Date.now() > deadline) throw new Error('DevTools did not load');
    await new Promise((r) => setTimeout(r, 100)); // polling interval
  }
}

/** A browser (why405 or the control extension), its tab on the page, DevTools open and loaded. */
async function open(withExtension, app, tag, dir = withExtension ? DIST : CONTROL) {
  const browser = await launch([dir]);
  const ext = withExtension ? (await extensions(browser, 1))[0] : null; // why405's service worker (the control has none)
  const page = await browser.newPage();
  const url = `${app.origin}/cost?${tag}`;
  await page.goto(url);
  // One Page per DevTools target (attaching twice made the extension's frames come and go).
  let capture = null;
  let devtools = null;
  if (withExtension) {
    ({ page: devtools, frame: capture } = await captureFor(browser, url, 20_000));
  }
  devtools = await devtoolsLoaded(browser, devtools);
  if (withExtension && SHOWN) {
    await showExtensionPanel(devtools, ext.id);
    await capture.waitForFunction(() => why405Capture.live && why405Capture.ready, { timeout: 20_000, polling: 50 });
  }
  return { browser, page, capture, devtools, ext, tag };
}

/** `count` sequential fetches in the arm's page; their wall time in ms, measured in the page. */
function block(arm, apiOrigin, from, count) {
  return arm.page.evaluate(
    async (origin, from, count, tag) => {
      const t = performance.now();
      for (let i = from; i < from + count; i++) {
        const u = `${origin}/api/items/${i}?r=${tag}-${i}`;
        await (i % 5 === 0 ? fetch(u, { method: 'POST', body: 'x' }) : fetch(u)).then((r) => r.text());
      }
      return performance.now() - t;
    },
    apiOrigin,
    from,
    count,
    arm.tag,
  );
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

(async () => {
  const [app, a] = await Promise.all([pageServer(), api()]);
  const withExt = [];
  const without = [];
  const listener = [];
  let A, B, L;
  try {
    A = await open(true, app, 'a');
    B = await open(false, app, 'b');
    if (LISTENER) L = await open(false, app, 'l', LISTENER);
    const arms = L ? [A, B, L] : [A, B];
    for (const arm of arms) await block(arm, a.origin, -WARMUP, WARMUP);
    let next = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const t = { a: 0, b: 0, l: 0 };
      for (let k = 0; k < N; k += BLOCK) {
        const shift = (r + k / BLOCK) % arms.length;
        const order = [...arms.slice(shift), ...arms.slice(0, shift)];
        for (const arm of order) t[arm.tag] += await block(arm, a.origin, next + k, Math.min(BLOCK, N - k));
      }
      next += N;
      withExt.push(t.a);
      without.push(t.b);
      listener.push(t.l);
      console.log(`round ${r + 1}: ${N} fetches with why405 ${t.a.toFixed(0)} ms, without ${t.b.toFixed(0)} ms (ratio ${(t.a / t.b).toFixed(3)})` +
        (L ? `; empty onRequestFinished listener ${t.l.toFixed(0)} ms (ratio ${(t.l / t.b).toFixed(3)})` : ''));
    }
    // The capture really ran: every fetch reached it (hidden: once the panel is shown, from getHAR()).
    const total = WARMUP + next;
    const live = await A.capture.evaluate(() => why405Capture.live);
    if (!SHOWN) {
      if (live) throw new Error('the listener was on while the panel was hidden');
      const t0 = Date.now();
      await showExtensionPanel(A.devtools, A.ext.id);
      await A.capture.waitForFunction(() => why405Capture.live && why405Capture.ready && why405Capture.syncs > 0, { timeout: 120_000, polling: 200 });
      console.log(`panel shown after the run: backfill of ${total}+ entries merged in ${Date.now() - t0} ms`);
    }
    await A.capture.waitForFunction((n, o) => why405Capture.entries.filter((j) => j.includes(`"${o}/api/items/`)).length >= n,
      { timeout: 120_000, polling: 200 }, total, a.origin);
    console.log(`the why405 capture holds all ${total} fetches`);
  } finally {
    await A?.browser.close();
    await B?.browser.close();
    await L?.browser.close();
    if (LISTENER) rmSync(LISTENER, { recursive: true, force: true });
    app.server.close();
    a.server.close();
    rmSync(CONTROL, { recursive: true, force: true });
  }
  const mA = median(withExt);
  const mB = median(without);
  const ratios = withExt.map((x, i) => x / without[i]);
  console.log(`page cost of capture: ${N} sequential fetches per round, ${ROUNDS} rounds, blocks of ${BLOCK} alternating between the two browsers ` +
    `(DevTools open in both; why405 with its panel ${SHOWN ? 'shown' : 'hidden'} vs an empty extension): median with ${mA.toFixed(0)} ms, without ${mB.toFixed(0)} ms, ` +
    `ratio of medians ${(mA / mB).toFixed(3)}, median per-round ratio ${median(ratios).toFixed(3)}, per-round ratios ${ratios.map((x) => x.toFixed(3)).join(' ')} (issue: ≤ 1.02)` +
    (LISTENER ? `; an empty onRequestFinished listener: median ${median(listener).toFixed(0)} ms, ratio of medians ${(median(listener) / mB).toFixed(3)}, median per-round ratio ${median(listener.map((x, i) => x / without[i])).toFixed(3)}` : ''));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
