// Benchmark: what an open DevTools panel costs the inspected page (issue 14).
// One browser per arm, all launched the same way (the same Chromium, flags,
// --auto-open-devtools-for-tabs, one unpacked extension each), all up for
// the whole run:
//   elements  DevTools open on Elements, an empty extension      (= 1: every ratio is against it)
//   network   DevTools' own Network panel shown, an empty extension (the anchor users compare with)
//   why405    why405's panel shown (dist/chrome, or WHY405_DIST)
//   hidden    why405 loaded, DevTools on Elements (its panel hidden)
//   closed    DevTools closed (the same launch; the tab's DevTools window is closed)
//   base      optional (BASE_DIST=dir): why405's panel shown, another build (e.g. main's), to measure a change
//   listener  optional (ARMS=…,listener): DevTools on Elements, an extension whose onRequestFinished listener does
//             nothing (what Chromium itself spends handing requests to any extension)
// The page (a loopback origin) times, with performance.now(), N sequential cross-origin fetches per round (every
// fifth a POST the API refuses with 405 and a body, which why405 reads; the rest GET 200), in blocks of BLOCK
// that go round the arms (the order shifted every block) so that drift and other load hit all arms alike; WARMUP
// unmeasured fetches per arm first. Per round: each arm's total; ratio = arm / elements of the same round.
//
// The traps, and how they are kept out:
// - Nothing drives the measured tab through puppeteer's Page (which sends Network.enable and so records every
//   request a second time, in every arm alike, pulling every ratio towards 1): the tab is created with
//   Target.createTarget and driven with Runtime.evaluate on a raw CDP session; DevTools and the extension frames
//   likewise. lib/cdp.js audits every protocol message: at the end, the methods sent to each measured tab must be
//   only those (ALLOWED) and no Network event may have come from it, or the run fails.
// - A hidden tab renders nothing (no requestAnimationFrame; seen when the auto-opened DevTools of the initial
//   about:blank tab brought that tab to the front): the initial tab is closed, and every block checks that the
//   tab stayed visible and drew a frame; every round checks the DevTools window (visible, drawing frames, the
//   arm's panel selected) and that each panel got every request (DevTools' network log; the Network panel's
//   rows; why405's capture and its panel's request count). A round that fails a check is thrown away, the arm
//   repaired (tab brought to front, panel shown again, or the browser relaunched) and the round run again.
//
//   node extension/tests/bench-page-cost.js        (after ./build.sh extension)
//   ROUNDS=7 N=1000 BLOCK=100 WARMUP=100 ARMS=elements,network,why405,hidden,closed BASE_DIST=dir OUT=file.json
'use strict';

const http = require('node:http');
const { loadavg } = require('node:os');
const { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launch } = require('./lib/chromium');
const { closeBrowser } = require('../../tests/lab/lib/browser');
const { pageServer } = require('./lib/servers');
const { audit, enables, evaluate, shownState, inDevtools, until } = require('./lib/cdp');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const BASE_DIST = process.env.BASE_DIST ?? null;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const N = Number(process.env.N ?? 1000);
const BLOCK = Number(process.env.BLOCK ?? 250);
const WARMUP = Number(process.env.WARMUP ?? 100);
const ATTEMPTS = Number(process.env.ATTEMPTS ?? 3);
// FAULT=tab|panel (a self-test of the checks): before round 1, a new tab is opened in front of the why405 arm's
// measured tab (tab), or DevTools' Console is shown in the network arm (panel); that round must be thrown away
// and the arm repaired.
const FAULT = process.env.FAULT ?? null;
// PROFILE=1: a CPU profile (CDP Profiler, sampled every 200 µs) of the extension's thread (why405's DevTools page
// and panel share it) in every arm with why405's panel shown, over the whole run, summed by function (self time).
// It slows those arms: for finding where the time goes, not for the table. Build the wasm with its names to see
// them (wasm-bindgen --keep-debug, wasm-opt -Oz -g).
const PROFILE = process.env.PROFILE === '1';
// EXP_DISTS=name:dir,…: more arms, each why405's panel shown from another build (for experiments).
const EXP = Object.fromEntries((process.env.EXP_DISTS ?? '').split(',').filter(Boolean).map((x) => [x.slice(0, x.indexOf(':')), x.slice(x.indexOf(':') + 1)]));
const ARMS = (process.env.ARMS ?? ['elements', 'network', 'why405', 'hidden', 'closed', ...(BASE_DIST ? ['base'] : [])].join(','))
  .split(',')
  .filter(Boolean)
  .concat(Object.keys(EXP));
/** How long a panel may take to show a request that has finished (checks only; never inside the timing). */
const SETTLE_MS = 20_000;

/** The only methods the harness may send to a measured tab (lib/cdp.js's audit checks it). */
const ALLOWED = new Set(['Runtime.evaluate', 'Runtime.runIfWaitingForDebugger', 'Target.setAutoAttach', 'Page.bringToFront']);

function extensionDir(name, files) {
  const dir = mkdtempSync(join(tmpdir(), `why405-${name}-ext-`));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}
// The arms without why405 load an empty MV3 extension, so every browser starts with the same flags.
const CONTROL = extensionDir('control', { 'manifest.json': JSON.stringify({ manifest_version: 3, name: 'control', version: '1' }) });
const LISTENER = ARMS.includes('listener')
  ? extensionDir('listener', {
      'manifest.json': JSON.stringify({ manifest_version: 3, name: 'listener', version: '1', devtools_page: 'devtools.html' }),
      'devtools.html': '<!doctype html><script src="devtools.js"></script>',
      'devtools.js': 'chrome.devtools.network.onRequestFinished.addListener(() => {});',
    })
  : null;

/** Each arm: its extension, the panel shown ('why405' = the extension's; null = DevTools closed), its label. */
const SPECS = {
  elements: { dir: CONTROL, panel: 'elements', label: 'DevTools open on Elements' },
  network: { dir: CONTROL, panel: 'network', label: "DevTools' Network panel shown" },
  why405: { dir: DIST, why405: true, panel: 'why405', label: "why405's panel shown" },
  hidden: { dir: DIST, why405: true, panel: 'elements', label: 'why405 loaded, its panel hidden (Elements shown)' },
  closed: { dir: CONTROL, panel: null, label: 'DevTools closed' },
  base: { dir: BASE_DIST, why405: true, panel: 'why405', label: `why405's panel shown, build ${BASE_DIST}` },
  listener: { dir: LISTENER, panel: 'elements', label: 'an empty onRequestFinished listener, Elements shown' },
};
for (const [name, dir] of Object.entries(EXP)) SPECS[name] = { dir, why405: true, panel: 'why405', label: `why405's panel shown, build ${dir}` };
// An arm named like another with a suffix (`elements#2`) is one more browser of that kind: an A/A check of how far
// two browsers set up alike differ.
for (const a of ARMS) {
  const [kind, copy] = a.split('#');
  if (copy !== undefined && SPECS[kind]) SPECS[a] = { ...SPECS[kind], label: `${SPECS[kind].label} (#${copy})` };
  if (!SPECS[a]?.dir) throw new Error(`unknown arm ${a} (or BASE_DIST unset)`);
}
if (!ARMS.includes('elements')) throw new Error('the elements arm is the reference: keep it in ARMS');

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

/** A browser's processes (the process and its descendants, from /proc): {pid, ms: CPU time so far, kind}. */
function processes(rootPid) {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(d), ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * 10 }); // CLK_TCK is 100
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) (tree.add(p.pid), (grew = true));
  }
  return procs
    .filter((p) => tree.has(p.pid))
    .map((p) => {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      } catch {
        /* gone meanwhile */
      }
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1];
      const kind = !type ? (p.pid === rootPid || cmd.includes('chrom') ? 'browser' : 'other') : type !== 'renderer' ? 'other' : cmd.includes('--extension-process') ? 'extension' : 'renderer';
      return { pid: p.pid, ms: p.ms, kind };
    });
}

const KINDS = ['browser', 'page', 'devtools', 'extension', 'other'];

/**
 * CPU time (ms) used so far by an arm's browser, by process: browser, page (the measured tab's renderer),
 * devtools (DevTools' window), extension (extension frames: why405's DevTools page and panel), other (GPU,
 * network service, utilities, other renderers). Less disturbed by other work on the machine than wall time, and
 * it says where the cost goes.
 */
function cpu(arm) {
  const out = Object.fromEntries(['total', ...KINDS].map((k) => [k, 0]));
  for (const p of processes(arm.browser.process().pid)) {
    const kind = arm.roles?.get(p.pid) ?? (p.kind === 'renderer' ? 'other' : p.kind);
    out[kind] += p.ms;
    out.total += p.ms;
  }
  return out;
}

/** Which renderer runs `session`'s target: the one whose CPU time grows while it is kept busy for 300 ms. */
async function rendererOf(arm, session) {
  const before = new Map(processes(arm.browser.process().pid).map((p) => [p.pid, p.ms]));
  await evaluate(session, () => {
    for (const end = performance.now() + 300; performance.now() < end; );
  });
  let best = null;
  for (const p of processes(arm.browser.process().pid)) {
    const d = p.ms - (before.get(p.pid) ?? 0);
    if (p.kind === 'renderer' && (!best || d > best.d)) best = { pid: p.pid, d };
  }
  return best?.pid;
}

const minus = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - b[k]]));

/** Target infos of a browser ({targetId, type, url}), from the protocol. */
async function targets(arm) {
  return (await arm.cdp.send('Target.getTargets')).targetInfos;
}

/** A raw session on the target whose URL satisfies `pred` (within `timeout`). */
async function sessionOn(browser, pred, timeout) {
  const t = await browser.waitForTarget((t) => pred(t.url()), { timeout });
  return t.createCDPSession();
}

/** The DevTools window (a raw session on devtools_app.html) inspecting target `targetId`, once loaded. */
async function devtoolsOf(arm, targetId, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  const sessions = new Map();
  for (;;) {
    for (const t of arm.browser.targets().filter((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'))) {
      // A window closing (the initial tab's) can go while it is attached to.
      if (!sessions.has(t)) sessions.set(t, t.createCDPSession().catch(() => null));
      const s = await sessions.get(t);
      if (!s) continue;
      const mine = await evaluate(s, inDevtools.loaded, [], 5000)
        .then((ok) => ok && evaluate(s, inDevtools.inspected))
        .catch(() => null);
      if (mine === targetId) return s;
    }
    if (Date.now() > deadline) throw new Error(`${arm.name}: no loaded DevTools window for the measured tab`);
    await new Promise((r) => setTimeout(r, 100)); // polling interval
  }
}

/** The arm's panel shown in its DevTools window; for why405, its panel's and DevTools page's sessions. */
async function showPanel(arm) {
  const spec = SPECS[arm.name];
  const want = spec.panel === 'why405' ? null : spec.panel;
  const shown = await evaluate(arm.devtools, inDevtools.show, [want, `chrome-extension://${arm.extId}`]);
  if (!shown || (want && shown !== want)) throw new Error(`${arm.name}: DevTools did not show ${spec.panel} (${shown})`);
  arm.panelId = shown;
  if (spec.panel !== 'why405') return;
  const prefix = `chrome-extension://${arm.extId}/`;
  arm.panel ??= await sessionOn(arm.browser, (u) => u === `${prefix}panel.html`, 20_000);
  arm.capture ??= await sessionOn(arm.browser, (u) => u === `${prefix}devtools.html`, 20_000);
  await until(arm.panel, () => globalThis.why405?.attached() === true, [], 30_000, `${arm.name}: the panel attached to the capture`);
  await until(arm.capture, () => why405Capture.live && why405Capture.ready, [], 30_000, `${arm.name}: the capture is live`);
}

let launches = 0;

/** Launches an arm's browser: its tab on the page, DevTools open (or closed) with the arm's panel, warmed up. */
async function open(name, app, apiOrigin) {
  const spec = SPECS[name];
  const arm = { name, tag: `${name.replace('#', '_')}${++launches}`, fetched: 0, problems: [] };
  arm.browser = await launch([spec.dir]);
  arm.cdp = await arm.browser.target().createCDPSession();
  if (spec.why405) {
    const sw = await arm.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
    arm.extId = new URL(sw.url()).host;
  }
  arm.url = `${app.origin}/cost?${arm.tag}`;
  const initial = (await targets(arm)).filter((t) => t.type === 'page').map((t) => t.targetId);
  ({ targetId: arm.targetId } = await arm.cdp.send('Target.createTarget', { url: arm.url }));
  arm.tab = await sessionOn(arm.browser, (u) => u === arm.url, 20_000);
  // The initial about:blank tab goes (its DevTools window with it): it can no longer come to the front.
  for (const targetId of initial) await arm.cdp.send('Target.closeTarget', { targetId });
  arm.devtools = await devtoolsOf(arm, arm.targetId);
  if (spec.why405) {
    // The extension's DevTools page of this window (the only one left) inspects the measured tab.
    const capture = await sessionOn(arm.browser, (u) => u === `chrome-extension://${arm.extId}/devtools.html`, 20_000);
    const inspected = await evaluate(capture, () => new Promise((r) => chrome.devtools.inspectedWindow.eval('location.href', (v) => r(v))), [], 5000);
    if (inspected !== arm.url) throw new Error(`${name}: the why405 DevTools page inspects ${inspected}`);
    await until(capture, () => globalThis.why405Capture?.ready === true, [], 20_000, `${name}: the capture is ready`);
    arm.capture = capture;
  }
  if (spec.panel === null) {
    await evaluate(arm.devtools, async () => (await import('./core/host/host.js')).InspectorFrontendHost.InspectorFrontendHostInstance.closeWindow());
    arm.devtools = null;
    const deadline = Date.now() + 20_000;
    while ((await targets(arm)).some((t) => t.url.startsWith('devtools://'))) {
      if (Date.now() > deadline) throw new Error(`${name}: DevTools did not close`);
      await new Promise((r) => setTimeout(r, 100)); // polling interval
    }
  } else {
    await showPanel(arm);
  }
  arm.roles = new Map([[await rendererOf(arm, arm.tab), 'page']]);
  if (arm.devtools) arm.roles.set(await rendererOf(arm, arm.devtools), 'devtools');
  await block(arm, apiOrigin, -WARMUP, WARMUP);
  return arm;
}

/** `count` sequential fetches in the arm's tab: their time (ms, measured in the page) and whether it stayed shown. */
async function block(arm, apiOrigin, from, count) {
  const r = await evaluate(
    arm.tab,
    async (origin, from, count, tag) => {
      let hidden = document.visibilityState !== 'visible';
      const onVisibility = () => (hidden ||= document.visibilityState !== 'visible');
      document.addEventListener('visibilitychange', onVisibility);
      let framed = false;
      requestAnimationFrame(() => (framed = true));
      const t = performance.now();
      for (let i = from; i < from + count; i++) {
        const u = `${origin}/api/items/${i}?r=${tag}-${i}`;
        await (i % 5 === 0 ? fetch(u, { method: 'POST', body: 'x' }) : fetch(u)).then((r) => r.text());
      }
      const ms = performance.now() - t;
      document.removeEventListener('visibilitychange', onVisibility);
      if (!framed) {
        framed = await new Promise((r) => {
          const t = setTimeout(() => r(false), 1000);
          requestAnimationFrame(() => {
            clearTimeout(t);
            r(true);
          });
        });
      }
      return { ms, shown: !hidden && document.visibilityState === 'visible' && framed };
    },
    [apiOrigin, from, count, arm.tag],
    120_000,
  );
  arm.fetched += count;
  if (!r.shown) arm.problems.push('the tab was hidden or drew no frame during a block');
  arm.problems.push(...(await settle(arm)));
  return r.ms;
}

/**
 * Waits (SETTLE_MS at most) until every request of the arm has reached its panel: DevTools' network log, the
 * Network panel's rows, why405's capture and its panel's request count ("All (n)", rendered). Run after every
 * block, outside the timing, so that a panel's work left over from one arm's block does not fall into the next
 * arm's. The problems found (empty when every request arrived).
 */
async function settle(arm) {
  const spec = SPECS[arm.name];
  const out = [];
  if (spec.panel === null) return out;
  const needle = `?r=${arm.tag}-`;
  const seen = await evaluate(arm.devtools, inDevtools.count, [needle, arm.fetched, SETTLE_MS, spec.panel === 'network'], SETTLE_MS + 5000);
  if (seen.log !== arm.fetched) out.push(`DevTools' network log has ${seen.log} of ${arm.fetched} requests`);
  if (spec.panel === 'network' && seen.rows !== arm.fetched) out.push(`the Network panel lists ${seen.rows} of ${arm.fetched} requests`);
  if (spec.panel !== 'why405') return out;
  const got = await evaluate(
    arm.capture,
    async (needle, want, ms) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const n = why405Capture.entries.filter((j) => j.includes(needle)).length;
        if (n >= want || Date.now() > deadline) return { n, all: why405Capture.entries.length };
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    [needle, arm.fetched, SETTLE_MS],
    SETTLE_MS + 5000,
  );
  if (got.n !== arm.fetched) out.push(`why405's capture has ${got.n} of ${arm.fetched} requests`);
  // Every captured entry is a request in the panel ("All (n)" in its toolbar, rendered).
  const shown = await evaluate(
    arm.panel,
    async (want, ms) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = /\((\d+)\)/.exec(document.querySelector('[data-action=filter-all]')?.textContent ?? '');
        const n = m ? Number(m[1]) : -1;
        if (n >= want || Date.now() > deadline) return n;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    [got.all, SETTLE_MS],
    SETTLE_MS + 5000,
  );
  if (shown !== got.all) out.push(`why405's panel shows ${shown} requests of the ${got.all} captured`);
  return out;
}

/** Problems with an arm now (empty when all is as it should be): see the header. */
async function check(arm) {
  const spec = SPECS[arm.name];
  const out = [];
  const tab = await evaluate(arm.tab, shownState);
  if (!tab.visible || !tab.frame) out.push(`the tab is ${tab.visible ? 'visible but draws no frame' : 'hidden'}`);
  if (spec.panel === null) {
    if ((await targets(arm)).some((t) => t.url.startsWith('devtools://'))) out.push('a DevTools window is open');
    return out;
  }
  const dt = await evaluate(arm.devtools, inDevtools.state);
  if (!dt.visible || !dt.frame) out.push(`DevTools is ${dt.visible ? 'visible but draws no frame' : 'hidden'}`);
  if (dt.selected !== arm.panelId) out.push(`DevTools shows ${dt.selected}, not ${arm.panelId}`);
  if (spec.why405) {
    const live = await evaluate(arm.capture, () => why405Capture.live);
    if (live !== (spec.panel === 'why405')) out.push(`why405's capture is ${live ? 'on' : 'off'}`);
  }
  if (spec.panel === 'why405') {
    const panel = await evaluate(arm.panel, shownState);
    if (!panel.visible || !panel.frame) out.push(`why405's panel is ${panel.visible ? 'visible but draws no frame' : 'hidden'}`);
  }
  return [...out, ...(await settle(arm))];
}

/** Puts an arm right after a failed check: the tab to the front, its panel shown again, or a new browser. */
async function repair(arm, problems, app, apiOrigin) {
  try {
    if (problems.some((p) => p.startsWith('the tab'))) await arm.tab.send('Page.bringToFront');
    if (arm.devtools && problems.some((p) => p.startsWith('DevTools shows'))) await showPanel(arm);
    arm.problems = [];
    const left = await check(arm);
    if (!left.length) return arm;
    console.log(`  ${arm.name}: still ${left.join('; ')}: relaunching`);
  } catch (e) {
    console.log(`  ${arm.name}: ${e.message}: relaunching`);
  }
  await closeBrowser(arm.browser);
  const fresh = await open(arm.name, app, apiOrigin);
  fresh.problems = [];
  return fresh;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f3 = (x) => x.toFixed(3);

(async () => {
  const [app, a] = await Promise.all([pageServer(), api()]);
  const arms = new Map();
  const rounds = [];
  const audits = {};
  let failed = null;
  try {
    for (const name of ARMS) {
      const arm = await open(name, app, a.origin);
      arm.problems = [];
      arms.set(name, arm);
    }
    if (PROFILE) {
      for (const arm of arms.values()) {
        if (!arm.panel) continue;
        await arm.panel.send('Profiler.enable');
        await arm.panel.send('Profiler.setSamplingInterval', { interval: 200 });
        await arm.panel.send('Profiler.start');
      }
    }
    if (FAULT === 'tab') await arms.get('why405').cdp.send('Target.createTarget', { url: 'about:blank' });
    if (FAULT === 'panel') await evaluate(arms.get('network').devtools, inDevtools.show, ['console', null]);
    let next = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (let attempt = 1; ; attempt++) {
        const t = Object.fromEntries(ARMS.map((n) => [n, 0]));
        const cycles = [];
        const load = loadavg()[0];
        const cpu0 = Object.fromEntries(ARMS.map((n) => [n, cpu(arms.get(n))]));
        for (let k = 0; k < N; k += BLOCK) {
          const shift = (r + k / BLOCK) % ARMS.length;
          const order = [...ARMS.slice(shift), ...ARMS.slice(0, shift)];
          const c = {};
          for (const n of order) t[n] += c[n] = await block(arms.get(n), a.origin, next + k, Math.min(BLOCK, N - k));
          cycles.push(c);
        }
        next += N;
        const used = Object.fromEntries(ARMS.map((n) => [n, minus(cpu(arms.get(n)), cpu0[n])]));
        const bad = [];
        for (const [n, arm] of arms) {
          const p = [...arm.problems, ...(await check(arm))];
          if (p.length) bad.push([n, [...new Set(p)]]);
        }
        if (!bad.length) {
          rounds.push({ ms: t, cpu: used, load, cycles });
          const ratios = ARMS.filter((n) => n !== 'elements').map((n) => `${n} ${f3(t[n] / t.elements)}`);
          const vs = t.why405 && t.network ? `; why405/network ${f3(t.why405 / t.network)}` : '';
          console.log(`round ${r + 1}: elements ${t.elements.toFixed(0)} ms per ${N}; ${ratios.join(', ')}${vs} (load ${load.toFixed(1)}); ` +
            `CPU ms ${ARMS.map((n) => `${n} ${used[n].total}`).join(', ')}`);
          break;
        }
        console.log(`round ${r + 1} thrown away (attempt ${attempt}): ${bad.map(([n, p]) => `${n}: ${p.join('; ')}`).join(' | ')}`);
        if (attempt >= ATTEMPTS) throw new Error(`round ${r + 1} failed its checks ${ATTEMPTS} times`);
        for (const [n] of bad) arms.set(n, await repair(arms.get(n), bad.find((b) => b[0] === n)[1], app, a.origin));
      }
    }
    if (PROFILE) for (const [n, arm] of arms) if (arm.panel) summarize(n, (await arm.panel.send('Profiler.stop')).profile);
    // The hidden arm's capture still gets everything: from getHAR() once its panel is shown.
    const hidden = arms.get('hidden');
    if (hidden) {
      const t0 = Date.now();
      const shown = await evaluate(hidden.devtools, inDevtools.show, [null, `chrome-extension://${hidden.extId}`]);
      if (!shown) throw new Error('hidden: the why405 panel is not among the DevTools tabs');
      await until(hidden.capture, (needle, n) => why405Capture.live && why405Capture.ready && why405Capture.entries.filter((j) => j.includes(needle)).length === n,
        [`?r=${hidden.tag}-`, hidden.fetched], 120_000, 'hidden: the backfill holds every fetch');
      console.log(`hidden: its panel shown after the run, the capture holds all ${hidden.fetched} fetches (backfill ${Date.now() - t0} ms)`);
    }
    // No Network.enable (nor any other domain) reached a measured tab from the harness, and no Network event came back.
    for (const [n, arm] of arms) {
      audits[n] = audit(arm.targetId);
      const extra = Object.keys(audits[n].sent).filter((m) => !ALLOWED.has(m));
      if (extra.length || audits[n].events.Network) {
        throw new Error(`${n}: the harness sent ${extra.join(', ') || 'nothing extra'} to the measured tab; Network events from it: ${audits[n].events.Network ?? 0}`);
      }
    }
    console.log(`protocol audit: to each measured tab only ${[...new Set(Object.values(audits).flatMap((x) => Object.keys(x.sent)))].join(', ')}; ` +
      `no Network event from any; every X.enable the harness sent: ${JSON.stringify(enables())}`);
  } catch (e) {
    failed = e;
  } finally {
    await Promise.all([...arms.values()].map((arm) => closeBrowser(arm.browser)));
    app.server.close();
    a.server.close();
    for (const d of [CONTROL, LISTENER]) if (d) rmSync(d, { recursive: true, force: true });
  }
  if (failed) throw failed;
  report(rounds, audits);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

/** A CPU profile's self time by function, the top 25, and by script. */
function summarize(name, profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFn = new Map();
  const byFile = new Map();
  const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id);
    const file = f.url.split('/').pop();
    add(byFn, `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`, profile.timeDeltas[i] ?? 0);
    add(byFile, file || f.functionName, profile.timeDeltas[i] ?? 0);
  });
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`${name}: the extension's thread, by script (ms): ${top(byFile, 12).map(([k, us]) => `${k} ${(us / 1000).toFixed(0)}`).join(', ')}`);
  for (const [k, us] of top(byFn, 25)) console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}

/** The table (Markdown, for BENCHMARKS.md) and the raw figures (OUT=file.json). */
function report(rounds, audits) {
  const loads = rounds.map((r) => r.load);
  console.log(`\npage cost: ${rounds.length} rounds of ${N} sequential fetches, blocks of ${BLOCK} going round ${ARMS.length} browsers; ` +
    `load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`);
  console.log(`| arm | page: median ms per round | ratio to Elements: median of rounds (range) | ratio of medians | CPU ms per round, all the browser's processes (${KINDS.join(' / ')}) |`);
  console.log('|---|---|---|---|---|');
  const el = rounds.map((r) => r.ms.elements);
  for (const n of ARMS) {
    const ms = rounds.map((r) => r.ms[n]);
    const ratios = rounds.map((r) => r.ms[n] / r.ms.elements);
    const c = (k) => median(rounds.map((r) => r.cpu[n][k])).toFixed(0);
    console.log(`| ${SPECS[n].label} | ${median(ms).toFixed(0)} | ${f3(median(ratios))} (${f3(Math.min(...ratios))}–${f3(Math.max(...ratios))}) | ${f3(median(ms) / median(el))} | ` +
      `${c('total')} (${KINDS.map(c).join(' / ')}) |`);
  }
  console.log();
  const pairs = [['why405', 'network'], ['base', 'network'], ['why405', 'base'], ...Object.keys(EXP).flatMap((e) => [[e, 'network'], [e, 'why405']])];
  for (const [x, y] of pairs.filter(([x, y], i) => pairs.findIndex((p) => p[0] === x && p[1] === y) === i)) {
    if (!ARMS.includes(x) || !ARMS.includes(y)) continue;
    const rs = rounds.map((r) => r.ms[x] / r.ms[y]);
    // Each cycle (one block in every arm, a second or so) sees about the same load: the median of their ratios
    // is steadier than the rounds' when the machine is shared.
    const cs = rounds.flatMap((r) => r.cycles.map((c) => c[x] / c[y]));
    console.log(`${x} / ${y}: per round ${rs.map(f3).join(' ')}, median ${f3(median(rs))}; median of ${cs.length} cycles ${f3(median(cs))}`);
  }
  if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify({ N, BLOCK, WARMUP, ARMS, rounds, audits }, null, 1));
}
