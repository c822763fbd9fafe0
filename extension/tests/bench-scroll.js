// Benchmark: the why405 list scrolls without dropped frames with 10,000
// captured requests. The release build (dist/chrome) in Chromium with
// DevTools open and the why405 panel shown; 10,000 failing requests are
// handed to the panel as the capture would (pushEntries), then a script
// scrolls the virtualised list from top to bottom, one step per animation
// frame, and records every frame's interval (requestAnimationFrame), the
// long-animation-frame / longtask entries, and frames where the rows in view
// were not rendered yet (a blank list).
//   node extension/tests/bench-scroll.js   (after ./build.sh extension)
//   N=10000 STEP=96 (pixels per frame: 4 rows) IDLE_FRAMES=2500 (the control: frames dropped without scrolling)
'use strict';

const { join, resolve } = require('node:path');
const { launch, extensions, captureFor, openPanel } = require('./lib/chromium');
const { pageServer } = require('./lib/servers');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const N = Number(process.env.N ?? 10_000);
const STEP = Number(process.env.STEP ?? 96);
const IDLE_FRAMES = Number(process.env.IDLE_FRAMES ?? 2500);

(async () => {
  const app = await pageServer();
  // Handing 10,000 entries over is one synchronous call into the wasm: allow it more than 30 s.
  const browser = await launch([DIST], { protocolTimeout: 600_000 });
  try {
    const [ext] = await extensions(browser, 1);
    const page = await browser.newPage();
    const url = `${app.origin}/scroll`;
    await page.goto(url);
    const { page: devtools } = await captureFor(browser, url, 20_000);
    const panel = await openPanel(devtools, ext.id, 20_000);
    await devtools.bringToFront();
    const viewport = await devtools.evaluate(() => ({ w: innerWidth, h: innerHeight }));

    const loaded = await panel.evaluate(async (n) => {
      const entries = [];
      for (let i = 0; i < n; i++) {
        const u = `http://127.0.0.1:9/api/items/${i}?n=${i}`;
        entries.push(JSON.stringify({
          startedDateTime: new Date(1767225600000 + i).toISOString(), time: 1, _resourceType: 'fetch',
          request: { method: i % 3 ? 'POST' : 'DELETE', url: u, httpVersion: 'HTTP/1.1', headers: [{ name: 'Origin', value: 'http://127.0.0.1:8' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
          response: { status: 405, statusText: 'Method Not Allowed', httpVersion: 'HTTP/1.1', headers: [{ name: 'Allow', value: 'GET, HEAD' }, { name: 'Access-Control-Allow-Origin', value: '*' }], cookies: [], content: { size: 18, mimeType: 'text/plain', text: 'Method Not Allowed' }, redirectURL: '', headersSize: -1, bodySize: 18 },
          cache: {}, timings: { send: 0, wait: 1, receive: 0 },
        }));
      }
      globalThis.benchStart = performance.now();
      window.why405.panel.pushEntries(entries);
      return n;
    }, N);
    // The panel diagnoses them all (bounded; polled, the panel's thread is busy meanwhile).
    await panel.waitForFunction((n) => document.querySelector('[data-action=filter-failing]').textContent === `Failing (${n})`, { timeout: 180_000, polling: 100 }, loaded);
    const backfill = await panel.evaluate(() => performance.now() - globalThis.benchStart);

    const r = await panel.evaluate(async (step, idleFrames) => {
      const list = document.getElementById('why405-list');
      const frame = () => new Promise((res) => requestAnimationFrame(res));
      // Idle cadence first: what one frame is in this browser.
      // The same count of frames without scrolling is the control: frames the shared machine drops anyway.
      const idle = [];
      let last = await frame();
      for (let i = 0; i < idleFrames; i++) {
        const now = await frame();
        idle.push(now - last);
        last = now;
      }
      const interval = [...idle].sort((a, b) => a - b)[idle.length >> 1];
      const idleDropped = idle.reduce((s, d) => s + Math.max(0, Math.round(d / interval) - 1), 0);

      const loaf = [];
      const long = [];
      const obs = [];
      for (const [type, out] of [['long-animation-frame', loaf], ['longtask', long]]) {
        try {
          const o = new PerformanceObserver((l) => out.push(...l.getEntries().map((e) => e.duration)));
          o.observe({ type });
          obs.push(o);
        } catch {
          /* entry type not supported */
        }
      }
      const deltas = [];
      let blank = 0;
      list.scrollTop = 0;
      last = await frame();
      const t0 = last;
      for (;;) {
        const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
        if (atEnd) break;
        list.scrollTop += step;
        const now = await frame();
        deltas.push(now - last);
        last = now;
        // The rows in view are in the DOM by the time the frame is drawn?
        const first = Math.floor(list.scrollTop / 24) + 1;
        const lastRow = Math.min(Math.floor((list.scrollTop + list.clientHeight - 1) / 24) + 1, Number(list.querySelector('.row')?.getAttribute('aria-setsize') ?? 0));
        if (!list.querySelector(`.row[aria-posinset="${first}"]`) || !list.querySelector(`.row[aria-posinset="${lastRow}"]`)) blank++;
      }
      const total = last - t0;
      await frame();
      for (const o of obs) {
        o.takeRecords?.();
        o.disconnect();
      }
      const sorted = [...deltas].sort((a, b) => a - b);
      const dropped = deltas.reduce((s, d) => s + Math.max(0, Math.round(d / interval) - 1), 0);
      return {
        interval,
        idleDropped,
        idleFrames,
        frames: deltas.length,
        total,
        p50: sorted[sorted.length >> 1],
        p95: sorted[Math.floor(sorted.length * 0.95)],
        p99: sorted[Math.floor(sorted.length * 0.99)],
        max: sorted[sorted.length - 1],
        over: deltas.filter((d) => d > interval * 1.5).length,
        dropped,
        blank,
        loaf: loaf.length,
        loafMax: loaf.length ? Math.max(...loaf) : 0,
        long: long.length,
        longMax: long.length ? Math.max(...long) : 0,
        rowsInDom: list.querySelectorAll('.row').length,
        height: list.clientHeight,
        scrollHeight: list.scrollHeight,
      };
    }, STEP, IDLE_FRAMES);
    console.log(`why405 list scroll with ${N} requests (all handed over at once, listed after ${backfill.toFixed(0)} ms; DevTools window ${viewport.w}×${viewport.h}, list ${r.height} px tall, ${r.rowsInDom} rows in the DOM): ` +
      `${r.frames} frames scrolling ${r.scrollHeight} px at ${STEP} px/frame in ${(r.total / 1000).toFixed(1)} s; idle frame ${r.interval.toFixed(1)} ms; ` +
      `frame interval p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} / p99 ${r.p99.toFixed(1)} / max ${r.max.toFixed(1)} ms; ` +
      `dropped frames ${r.dropped} (${r.over} intervals > 1.5 frames; idle control: ${r.idleDropped} dropped in ${r.idleFrames} frames without scrolling); frames with unrendered rows in view ${r.blank}; ` +
      `long animation frames ${r.loaf} (max ${r.loafMax.toFixed(0)} ms), long tasks ${r.long} (max ${r.longMax.toFixed(0)} ms)`);
  } finally {
    await browser.close();
    app.server.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
