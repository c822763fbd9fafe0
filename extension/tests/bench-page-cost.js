// Benchmark: what capture costs the inspected page. The same Chromium, the
// same page and servers, DevTools open in every run; runs alternate with
// the extension (A) and without it (B), A/B/A/B…, to cancel drift. Each run
// times, in the page, 1,000 sequential cross-origin fetches (every fifth a
// POST the server refuses with 405 and a body, which the extension reads;
// the rest GET 200), after 100 unmeasured warm-up fetches. "Without" loads
// an empty extension in its place (same flags, see CONTROL).
//   node extension/tests/bench-page-cost.js   (after ./build.sh extension)
//   ROUNDS=5 N=1000 WARMUP=100
'use strict';

const http = require('node:http');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launch, extensions, devtoolsFor } = require('./lib/chromium');
const { pageServer } = require('./lib/servers');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = Number(process.env.N ?? 1000);
const WARMUP = Number(process.env.WARMUP ?? 100);

// The control run loads an empty MV3 extension instead of why405, so both runs
// start Chromium with the same flags and extension machinery: the difference
// is why405's capture (its DevTools page, onRequestFinished, getContent).
// (With no extension at all, --load-extension= is empty and the runs were
// not comparable: the "without" runs came out 25–50 % slower.)
const CONTROL = mkdtempSync(join(tmpdir(), 'why405-control-ext-'));
writeFileSync(join(CONTROL, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'control', version: '1' }));

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

/** Waits until the tab's DevTools window has loaded its UI (the same point in both runs). */
async function devtoolsOpen(browser, page, timeout = 20_000) {
  if (!page) {
    const target = await browser.waitForTarget((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'), { timeout });
    page = await target.asPage();
  }
  const deadline = Date.now() + timeout;
  for (;;) {
    const ok = await page.evaluate(async () => {
      try {
        const UI = await import('./ui/legacy/legacy.js');
        const view = UI.InspectorView.InspectorView.instance();
        return document.readyState === 'complete' && (view.tabbedPane ?? view.tabbedPaneInternal).tabIds().length > 0;
      } catch {
        return false;
      }
    }).catch(() => false);
    if (ok) return page;
    if (Date.now() > deadline) throw new Error('DevTools did not load');
    await new Promise((r) => setTimeout(r, 100)); // polling interval
  }
}

async function run(withExtension, app, apiOrigin, round) {
  const browser = await launch([withExtension ? DIST : CONTROL]);
  try {
    let ext = null; // why405's service worker (the control extension has none)
    if (withExtension) [ext] = await extensions(browser, 1);
    const page = await browser.newPage();
    const url = `${app.origin}/cost?${withExtension ? 'a' : 'b'}${round}`;
    await page.goto(url);
    // One Page per DevTools target (attaching twice made the extension's frames come and go).
    let capture = null;
    let devtools = null;
    if (withExtension) {
      ({ page: devtools, frame: capture } = await devtoolsFor(browser, url));
      await capture.waitForFunction(() => globalThis.why405Capture?.ready === true, { timeout: 20_000, polling: 50 });
    }
    await devtoolsOpen(browser, devtools);
    const ms = await page.evaluate(
      async (origin, n, warmup, tag) => {
        const one = (i) => {
          const u = `${origin}/api/items/${i}?r=${tag}-${i}`;
          return (i % 5 === 0 ? fetch(u, { method: 'POST', body: 'x' }) : fetch(u)).then((r) => r.text());
        };
        for (let i = 0; i < warmup; i++) await one(-1 - i);
        const t = performance.now();
        for (let i = 0; i < n; i++) await one(i);
        return performance.now() - t;
      },
      apiOrigin,
      N,
      WARMUP,
      `${withExtension ? 'a' : 'b'}${round}`,
    );
    let captured = null;
    if (capture) {
      // The capture really ran: every measured fetch reached it.
      await capture.waitForFunction((n, o) => why405Capture.entries.filter((j) => j.includes(`"${o}/api/items/`)).length >= n,
        { timeout: 60_000, polling: 100 }, N + WARMUP, apiOrigin);
      captured = await capture.evaluate(() => why405Capture.entries.length);
    }
    return { ms, captured };
  } finally {
    await browser.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

(async () => {
  const [app, a] = await Promise.all([pageServer(), api()]);
  const withExt = [];
  const without = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const A = await run(true, app, a.origin, r);
      const B = await run(false, app, a.origin, r);
      withExt.push(A.ms);
      without.push(B.ms);
      console.log(`round ${r + 1}: with the extension ${A.ms.toFixed(0)} ms (capture holds ${A.captured} entries), without ${B.ms.toFixed(0)} ms`);
    }
  } finally {
    app.server.close();
    a.server.close();
    rmSync(CONTROL, { recursive: true, force: true });
  }
  const mA = median(withExt);
  const mB = median(without);
  console.log(`with:    ${withExt.map((x) => x.toFixed(0)).join(' ')}\nwithout: ${without.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`page cost of capture, ${N} fetches, DevTools open in both, ${ROUNDS} alternating rounds: median with ${mA.toFixed(0)} ms, without ${mB.toFixed(0)} ms, ratio ${(mA / mB).toFixed(3)} (issue: ≤ 1.02)`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
