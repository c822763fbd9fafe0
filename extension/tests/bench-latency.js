// Benchmark: with 10,000 captured requests, the time from a new entry
// reaching the panel (what onRequestFinished hands over) to the updated
// diagnosis on screen. Runs the release build (dist/chrome) in Chromium.
//   node extension/tests/bench-latency.js   (after ./build.sh extension)
'use strict';

const { join, resolve } = require('node:path');
const { launch, extensions, captureFor, openPanel } = require('./lib/chromium');
const { pageServer } = require('./lib/servers');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const N = Number(process.env.N ?? 10_000);
const SAMPLES = Number(process.env.SAMPLES ?? 200);

(async () => {
  const app = await pageServer();
  const browser = await launch([DIST]);
  try {
    const [ext] = await extensions(browser, 1);
    const page = await browser.newPage();
    const url = `${app.origin}/bench`;
    await page.goto(url);
    const { page: devtools } = await captureFor(browser, url, 20_000);
    const panel = await openPanel(devtools, ext.id, 20_000);
    const result = await panel.evaluate(
      async (n, samples) => {
        const pair = (i) => {
          const u = `http://127.0.0.1:9/api/items/${i}?n=${i}`;
          const base = (method, status, extra, type) => ({
            startedDateTime: new Date(1767225600000 + i).toISOString(), time: 1, _resourceType: type,
            request: { method, url: u, httpVersion: 'HTTP/1.1', headers: [{ name: 'Origin', value: 'http://127.0.0.1:8' }, ...extra], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
            response: { status, statusText: '', httpVersion: 'HTTP/1.1', headers: status ? [{ name: 'Allow', value: 'GET' }] : [], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0, ...(status ? {} : { _error: 'net::ERR_FAILED' }) },
            cache: {}, timings: { send: 0, wait: 1, receive: 0 },
          });
          return [
            JSON.stringify(base('OPTIONS', 405, [{ name: 'Access-Control-Request-Method', value: 'PUT' }], 'preflight')),
            JSON.stringify(base('PUT', 0, [], 'fetch')),
          ];
        };
        const counter = () => document.querySelector('[data-action=filter-all]').textContent;
        const changed = (before) => new Promise((res) => {
          const obs = new MutationObserver(() => {
            if (counter() !== before) { obs.disconnect(); res(); }
          });
          obs.observe(document.querySelector('.toolbar'), { subtree: true, characterData: true, childList: true });
        });
        // Backfill n requests at once (as getHAR does).
        const all = [];
        for (let i = 0; i < n / 2; i++) all.push(...pair(i));
        let before = counter();
        let t = performance.now();
        let done = changed(before);
        window.why405.panel.pushEntries(all);
        await done;
        const backfill = performance.now() - t;
        // Then single entries, as onRequestFinished delivers them.
        const times = [];
        for (let k = 0; k < samples; k++) {
          // A new request (its preflight) makes a new diagnosis and row.
          const [pre, put] = pair(n + k);
          before = counter();
          done = changed(before);
          t = performance.now();
          window.why405.panel.pushEntries([pre]);
          await done;
          times.push(performance.now() - t);
          // Its blocked request follows (updates that diagnosis); let it settle.
          window.why405.panel.pushEntries([put]);
          await new Promise((r) => setTimeout(r, 0));
        }
        times.sort((a, b) => a - b);
        return { backfill, median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)], rows: counter() };
      },
      N,
      SAMPLES,
    );
    console.log(`why405 panel latency with ${N} captured entries: median ${result.median.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms per new entry (${SAMPLES} samples); backfill of ${N} entries ${result.backfill.toFixed(0)} ms; ${result.rows}`);
  } finally {
    await browser.close();
    app.server.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
