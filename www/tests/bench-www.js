// The web page on the ~100 MB benchmark HAR, against the same browser's
// JSON.parse of the same file, in one run (BENCHMARKS.md):
//   node www/tests/bench-www.js bench-data/bench.har
// Page: once its worker has warmed up (as when a person opens the page, then
// picks a file), from the file input's change event to the diagnosis in the
// list (read and parsed in the page's worker, diagnosed on the page as the
// entries arrive, first rows rendered). Browser: File.text() + JSON.parse, and
// JSON.parse alone. Also the longest main-thread task during the page's load
// (responsiveness), from the Long Tasks API.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadThroughInput, openPage, runWithBrowser } from './harness.mjs';

const file = resolve(process.argv[2] ?? 'bench-data/bench.har');
const limit = Number(process.env.WHY405_BENCH_RATIO ?? 1.5);
// WHY405_BENCH_RUNS=N: N runs (a fresh page each), each printed, then the medians.
const runs = Math.max(1, Number(process.env.WHY405_BENCH_RUNS ?? 1));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function once(h) {
  const { page } = await openPage(h);
  // As a person opening the page and then picking a file: the page's worker
  // has warmed up (see www/worker.js) by then.
  // WHY405_BENCH_COLD=1: the file picked as soon as the worker has started, before its warm-up (the worst case).
  const warm = process.env.WHY405_BENCH_COLD === '1' ? 'no'
    : await page.waitForFunction(() => window.why405.warm, { polling: 20, timeout: 30000 }).then((v) => v.jsonValue());
  await page.evaluate(() => {
    window.__bench = { longtasks: [] };
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__bench.longtasks.push(e.duration);
    }).observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (!window.__bench.parsedAt && document.querySelector('.filedrop .loading')?.textContent.startsWith('Diagnosing')) window.__bench.parsedAt = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    // When the worker's first entries and its end of the file reach the page.
    window.__workers?.[0]?.addEventListener('message', ({ data }) => {
      if (data.batch && !window.__bench.firstBatch) window.__bench.firstBatch = performance.now();
      if (data.end) window.__bench.workerEnd = performance.now();
    });
    // Capture phase: before the page's own handler (which resets the input).
    document.addEventListener('change', (e) => {
      window.__bench.t0 = performance.now();
      window.__bench.file = e.target.files[0];
    }, true);
  });
  const state = await loadThroughInput(page, file, 300000);
  if (state !== 'ready') throw new Error(`the page did not load the file: ${state}`);
  await page.waitForSelector('.row', { timeout: 30000 });
  const page_ = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok({
    diagnosedMs: window.why405.last.at - window.__bench.t0,
    parsedMs: window.__bench.parsedAt ? window.__bench.parsedAt - window.__bench.t0 : null,
    shownMs: performance.now() - window.__bench.t0,
    requests: window.why405.last.entries,
    longest: Math.max(0, ...window.__bench.longtasks),
    longtasks: window.__bench.longtasks.length,
    firstBatchMs: window.__bench.firstBatch - window.__bench.t0,
    workerEndMs: window.__bench.workerEnd - window.__bench.t0,
    failing: document.querySelector('[data-action=filter-failing]').textContent,
  }))));
  const browser = await page.evaluate(async () => {
    const f = window.__bench.file;
    const t0 = performance.now();
    const text = await f.text();
    const t1 = performance.now();
    const v = JSON.parse(text);
    const t2 = performance.now();
    return { textMs: t1 - t0, parseMs: t2 - t1, entries: v.log.entries.length };
  });
  const mb = statSync(file).size / 1048576;
  const both = browser.textMs + browser.parseMs;
  console.log(`file: ${file} (${mb.toFixed(1)} MB, ${browser.entries} entries), Chromium ${await h.browser.version()}; ${warm === 'no' ? 'the file picked before the worker warmed up' : `the page's worker warmed up (${warm} rounds)`}`);
  console.log(`page: diagnosed in ${page_.diagnosedMs.toFixed(0)} ms, rows on screen in ${page_.shownMs.toFixed(0)} ms (${page_.requests} requests; ${page_.failing})`);
  console.log(page_.parsedMs === null
    ? 'page: every request diagnosed while the file was being read (no "Diagnosing" phase after it)'
    : `page: read + parsed in chunks in ${page_.parsedMs.toFixed(0)} ms, then the last diagnoses in ${(page_.diagnosedMs - page_.parsedMs).toFixed(0)} ms`);
  if (page_.workerEndMs) console.log(`worker: first entries on the page after ${page_.firstBatchMs.toFixed(0)} ms, the end of the file after ${page_.workerEndMs.toFixed(0)} ms`);
  console.log(page_.longtasks
    ? `page: longest main-thread task while loading ${page_.longest.toFixed(0)} ms (${page_.longtasks} tasks over 50 ms)`
    : 'page: no main-thread task over 50 ms while loading (Long Tasks API)');
  console.log(`browser: File.text() ${browser.textMs.toFixed(0)} ms + JSON.parse ${browser.parseMs.toFixed(0)} ms = ${both.toFixed(0)} ms`);
  const ratio = page_.shownMs / both;
  console.log(`ratio page / (File.text() + JSON.parse): ${ratio.toFixed(2)} (limit ${limit}); page / JSON.parse alone: ${(page_.shownMs / browser.parseMs).toFixed(2)}`);
  await page.close();
  return { shown: page_.shownMs, both, parse: browser.parseMs };
}

await runWithBrowser(async (h) => {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await once(h));
  const shown = median(all.map((r) => r.shown));
  const both = median(all.map((r) => r.both));
  const parse = median(all.map((r) => r.parse));
  if (runs > 1) {
    console.log(`median of ${runs} runs: rows on screen ${shown.toFixed(0)} ms; File.text() + JSON.parse ${both.toFixed(0)} ms; JSON.parse ${parse.toFixed(0)} ms`);
    console.log(`  ratios of the medians: ${(shown / both).toFixed(2)} and ${(shown / parse).toFixed(2)}; per run: ${all.map((r) => (r.shown / r.both).toFixed(2)).join(' ')}`);
  }
  return all.some((r) => r.shown / r.both > limit) ? 1 : 0;
});
