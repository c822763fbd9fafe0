// Where the web page's time goes while it loads a HAR: a CPU profile of the
// load in headless Chromium (the page built with its wasm function names:
// `./build.sh profile-www`), summed by self time and by total time, for the
// page's thread and for the worker that reads the file.
//   node www/tests/profile-www.js FILE.har [OUT.cpuprofile]
// OUT.cpuprofile opens in Chrome DevTools' Performance panel.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadThroughInput, openPage, runWithBrowser } from './harness.mjs';

const file = resolve(process.argv[2] ?? 'bench-data/bench.har');
const out = process.argv[3];
const TOP = 30;

/** Self time (µs) by node of a CDP profile. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return [...self].map(([id, us]) => ({ frame: byId.get(id).callFrame, us }));
}

/** Total time (µs) under each function name (self and callees; a recursive name counted once per sample). */
function inclusiveTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      const name = tidy(f.functionName) || f.url;
      if (!seen.has(name)) total.set(name, (total.get(name) ?? 0) + us);
      seen.add(name);
    }
  });
  return [...total].sort((a, b) => b[1] - a[1]);
}

/** A Rust symbol without its hash and crate disambiguators. */
const tidy = (name) => name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');

function kind(frame) {
  const f = frame.functionName;
  if (f.startsWith('(')) return f; // (program) = the browser's own work, (idle), (garbage collector)
  if (frame.url.startsWith('wasm://') || /::|^<|dlmalloc|^__rd?l_|^__rust/.test(f)) return 'wasm';
  if (f.startsWith('__wbg_')) return 'wasm-bindgen imports (DOM, Blob, copies)';
  return 'JavaScript';
}

/** Prints where `profile`'s time went; false when it holds no wasm. */
function report(title, profile) {
  const times = selfTimes(profile);
  const total = times.reduce((a, t) => a + t.us, 0);
  const sum = (key) => {
    const m = new Map();
    for (const t of times) m.set(key(t.frame), (m.get(key(t.frame)) ?? 0) + t.us);
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  const line = (us, what) => `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${what}`;
  console.log(`== ${title}, by kind:`);
  for (const [k, us] of sum(kind)) console.log(line(us, k));
  console.log(`top ${TOP} functions by self time:`);
  for (const [k, us] of sum((f) => tidy(f.functionName) || f.url).slice(0, TOP)) console.log(line(us, k.slice(0, 140)));
  console.log(`top ${TOP} wasm functions by total time (with what they call):`);
  for (const [k, us] of inclusiveTimes(profile).filter(([k]) => /::/.test(k)).slice(0, TOP)) console.log(line(us, k.slice(0, 140)));
  return sum(kind).some(([k]) => k === 'wasm');
}

await runWithBrowser(async (h) => {
  const { page } = await openPage(h);
  await page.waitForFunction(() => window.why405.warm, { polling: 20, timeout: 30000 });
  // The page's thread, and the worker that reads the file.
  const sessions = [['the page', await page.createCDPSession()], ...page.workers().map((w) => ['the worker', w.client])];
  for (const [, cdp] of sessions) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }
  const t0 = performance.now();
  const state = await loadThroughInput(page, file, 300000);
  if (state !== 'ready') throw new Error(`the page did not load the file: ${state}`);
  await page.waitForSelector('.row', { timeout: 30000 });
  const wall = performance.now() - t0;
  console.log(`file: ${file}; load seen from the test: ${wall.toFixed(0)} ms (the profiler slows the page a little)`);
  let wasm = true;
  for (const [i, [title, cdp]] of sessions.entries()) {
    const { profile } = await cdp.send('Profiler.stop');
    if (out) writeFileSync(i ? out.replace(/(\.cpuprofile)?$/, `.worker$1`) : out, JSON.stringify(profile));
    wasm = report(title, profile) && wasm;
  }
  if (!wasm) {
    console.error('no wasm functions in the profile: build the page with ./build.sh profile-www (names kept)');
    return 1;
  }
  return 0;
});
