// The DevTools page: lives as long as DevTools is open for a tab (the panel
// may be shown late, hidden, or reloaded when DevTools is undocked). It keeps
// the capture: HAR entries (JSON text), in order, and hands it to the panel
// when the panel is shown. The panel diagnoses; this page only keeps entries.
//
// Capture costs the page nothing while the why405 panel is hidden: Chromium
// hands every request to any extension that listens to onRequestFinished,
// and that alone slows the page measurably. So the listener is on only while
// the panel is shown (or while "preserve log" is on: DevTools' own log, the
// source of the backfill, is cleared on navigation). When the panel is shown
// again, what happened meanwhile comes from getHAR() (DevTools keeps its
// network log while it is open), merged without duplicates and in order.
// See "How capture works" in extension/README.md; the messages it sends the
// panel (reset, entries, clear, unseen) and takes from it (preserve-log,
// open-resource) are the
// "capture" channel of docs/bridge.md (protocol.js).
import * as platform from './platform.js';
import { createProber } from './probe.js';
import { accept, message } from './protocol.js';

const PRESERVE_KEY = 'why405.preserveLog';
/** Response bodies are read for error responses only, and cut here. */
const BODY_KEEP = 4096;

function readPreserve() {
  try {
    return localStorage.getItem(PRESERVE_KEY) === '1';
  } catch {
    return false;
  }
}

const capture = {
  /** HAR entries as JSON text, in order. */
  entries: [],
  /** keyOf() of each entry, parallel to entries. */
  keys: [],
  preserveLog: readPreserve(),
  /** False while a backfill from getHAR() is being merged in. */
  ready: true,
  /** True while the onRequestFinished listener is on. */
  live: false,
  /** Backfills done (for tests and debugging). */
  syncs: 0,
  /** Requests of the page this capture could not see (null until counted; for tests and debugging). */
  get unseen() {
    return unseen;
  },
  /** The inspected tab (the panel checks it when it looks for this capture). */
  tabId: platform.inspectedTabId(),
  /** Whether open-resource can show a source line here (the panel shows the initiator as a link then). */
  canOpenResource: platform.canOpenResource(),
  listeners: new Set(),
  /** Listeners that subscribed during a backfill: they get the reset at its end. */
  waiting: new Set(),

  /** fn(reset) now (or when the backfill is merged), then fn(entries) / fn(clear): capture messages. */
  subscribe(fn) {
    this.listeners.add(fn);
    if (this.ready) this.deliver(fn, message.reset(this.entries.slice()));
    else this.waiting.add(fn);
    if (unseen !== null) this.deliver(fn, message.unseen(unseen));
    else countUnseen();
  },
  unsubscribe(fn) {
    this.listeners.delete(fn);
    this.waiting.delete(fn);
  },
  /**
   * The panel's page has started loading: it exists only once the panel has been shown, so the capture goes
   * live and starts its backfill now, while the page loads its wasm, instead of at onShown (which Chromium
   * fires once that page has loaded, ~100 ms later).
   */
  opening() {
    panelShown(true);
  },
  /** A message from the panel (channel to-capture); malformed ones are logged and ignored. */
  send(msg) {
    const m = accept('to-capture', msg);
    if (m?.type === 'preserve-log') this.setPreserveLog(m.value);
    else if (m?.type === 'open-resource') platform.openResource(m.url, m.line);
    // The Probe action, after its Send click (probe.js; the answers come back as one probe-done).
    else if (m?.type === 'probe') prober.start(m, (fn) => (chain = chain.then(fn)));
  },
  setPreserveLog(v) {
    this.preserveLog = Boolean(v);
    try {
      localStorage.setItem(PRESERVE_KEY, this.preserveLog ? '1' : '0');
    } catch {
      /* storage unavailable: the setting lasts for this DevTools session */
    }
    updateLive();
  },
  deliver(fn, msg) {
    try {
      fn(msg);
    } catch {
      // The panel's window is gone (closed or reloaded): it subscribes again.
      this.listeners.delete(fn);
    }
  },
  emit(msg) {
    for (const fn of [...this.listeners]) this.deliver(fn, msg);
  },
};

function keyOf(e) {
  return `${e?.startedDateTime}|${e?.request?.method}|${e?.request?.url}`;
}

function toJson(entry) {
  try {
    return JSON.stringify(entry);
  } catch (e) {
    // Still delivered: the core reports it as an unreadable entry.
    return JSON.stringify({ _why405_unserializable: String(e) });
  }
}

const statusOf = (e) => e?.response?.status ?? 0;
const isPreflight = (e) => e?._resourceType === 'preflight' || e?.request?.method === 'OPTIONS';

/**
 * Whether the diagnosis needs this entry's response body: error responses of
 * fetch/XHR (the body names the stack). Not documents, scripts, images…,
 * and not preflights (Chromium keeps no body for them). Firefox's entries
 * carry no _resourceType: any error response but a preflight.
 */
function wantsBody(e) {
  if (statusOf(e) < 400 || isPreflight(e)) return false;
  const type = e?._resourceType;
  return type === undefined || type === 'fetch' || type === 'xhr';
}

/** Reads the body into the entry (cut to BODY_KEEP). */
async function withBody(entry, content) {
  const c = await content;
  if (c?.content && c.encoding !== 'base64') {
    entry.response.content = { ...(entry.response.content ?? {}), text: String(c.content).slice(0, BODY_KEEP) };
  }
}

// The Probe action's requests (probe.js): their entries go to the panel as one probe-done message, not as entries.
const prober = createProber({
  emit: (id, at, entries, error) => capture.emit(message.probeDone(id, at, entries, error)),
  log: (line) => console.info(line),
});
capture.prober = prober;

/** Live entries that finished while a backfill was running: {key, json}. */
let early = [];

function keep(key, json) {
  if (!capture.ready) {
    early.push({ key, json });
    return;
  }
  capture.entries.push(json);
  capture.keys.push(key);
  capture.emit(message.entries([json]));
}

// Enrichment (reading an error body) is asynchronous; a chain keeps the
// entries in the order they finished, which the core's pairing relies on.
let chain = Promise.resolve();

// A request that failed with no status yet: Chromium can hand it to
// onRequestFinished before the status hidden behind the failure (e.g. a
// preflight answered 308, then refused as a redirect) has arrived; its copy
// in getHAR() a moment later has it. Seen in about 1 in 40 runs of the lab's
// flask_cors_trailing_slash_post_json (extension/tests/e2e-lab.js); the
// panel then said "no response, not method-related" for a 308 preflight.
// Such entries wait STATUS_SETTLE_MS and take the response from one shared
// getHAR() call (one per burst); the chain keeps them in order. A backfill
// treats its own such entries the same way.
const STATUS_SETTLE_MS = 150;
let settling = null;
function settledHar() {
  if (!settling) {
    settling = new Promise((r) => setTimeout(r, STATUS_SETTLE_MS))
      .then(() => {
        settling = null; // entries failing from now on need a newer HAR
        return platform.getHAR();
      })
      .catch(() => null);
  }
  return settling;
}

function withSettledStatus(request, key, har) {
  const later = (har?.entries ?? []).find((e) => keyOf(e) === key && statusOf(e) > 0);
  if (!later) return request;
  request.response = { ...request.response, ...later.response };
  return request;
}

const failedWithoutStatus = (e) => statusOf(e) === 0 && Boolean(e?.response?._error);

/**
 * Whether a backfilled entry that failed without a status could still get one: it ended less than
 * STATUS_SETTLE_MS before `asked` (when getHAR() was called; its end is startedDateTime + time), or its end is
 * unknown. An entry that ended earlier has, in that HAR, every status it will ever have: waiting for a second
 * getHAR() (~150 ms + the call, for every first opening of the panel) would change nothing.
 */
function mayStillSettle(e, asked) {
  const end = Date.parse(e?.startedDateTime) + Number(e?.time);
  return !(Number(e?.time) >= 0 && end < asked - STATUS_SETTLE_MS);
}

function onFinished(request) {
  const key = keyOf(request);
  const body = wantsBody(request) ? platform.getContent(request) : null;
  const har = failedWithoutStatus(request) ? settledHar() : null;
  chain = chain.then(async () => {
    if (har) withSettledStatus(request, key, await har);
    if (body) await withBody(request, body);
    const json = toJson(request);
    if (!prober.claim(request, key, json)) keep(key, json);
  });
}

// Requests the capture cannot see: those the page made before DevTools was
// opened (DevTools records from its opening; getHAR() has nothing older).
// The evidence is the page's own record, Navigation and Resource Timing:
// entries that started before this DevTools page did, less those getHAR()
// holds anyway (DevTools starts recording a moment before this page runs),
// counted by URL. Counted once, when the panel first subscribes (nothing is
// asked of the page while the panel is never shown); a navigation makes it 0
// (the new page loads with DevTools open). Sent as `unseen`: the panel shows
// its "made before DevTools was opened" notice only when it is > 0.
// Resource Timing keeps 250 entries by default: the count is then a floor.
/** When this DevTools page started (epoch ms): DevTools had just been opened for the tab. */
const OPENED_AT = Date.now();
const TIMING_BEFORE_OPENING = `(() => {
  const t0 = performance.timeOrigin;
  return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter((e) => t0 + e.startTime < ${OPENED_AT})
    .map((e) => e.name);
})()`;
/** The count once known (null: not yet). */
let unseen = null;
let counting = null;
/** Navigations seen (a count started before one is void). */
let pages = 0;

function countUnseen() {
  if (counting) return;
  const page = pages;
  counting = (async () => {
    const before = (await platform.evalInInspected(TIMING_BEFORE_OPENING)).result ?? null;
    let n = 0;
    if (Array.isArray(before) && before.length) {
      const har = await platform.getHAR().catch(() => ({ entries: [] }));
      const inHar = new Map();
      for (const e of har?.entries ?? []) inHar.set(e?.request?.url, (inHar.get(e?.request?.url) ?? 0) + 1);
      for (const url of before) {
        const k = inHar.get(url) ?? 0;
        if (k > 0) inHar.set(url, k - 1);
        else n++;
      }
    }
    if (page !== pages) return;
    unseen = n;
    capture.emit(message.unseen(n));
  })().finally(() => {
    counting = null;
  });
}

// The last navigation that cleared the capture ("preserve log" off):
// {url, time}. A backfill keeps only the HAR's entries from that page on
// (DevTools keeps older pages in its log when its own "Preserve log" is on).
let cut = null;

platform.onNavigated((url) => {
  pages++;
  if (unseen !== 0) {
    unseen = 0;
    capture.emit(message.unseen(0));
  }
  chain = chain.then(() => {
    if (capture.preserveLog) return;
    capture.entries = [];
    capture.keys = [];
    early = [];
    cut = { url, time: Date.now() };
    capture.emit(message.clear());
  });
});

/** The HAR's entries of the page navigated to last (see cut). */
function sinceCut(entries) {
  if (!cut) return entries;
  const isDoc = (e) => e?.request?.url === cut.url && (e?._resourceType === undefined || e._resourceType === 'document');
  for (let i = entries.length - 1; i >= 0; i--) if (isDoc(entries[i])) return entries.slice(i);
  // The document is not in the log: go by time.
  return entries.filter((e) => !(Date.parse(e?.startedDateTime) < cut.time));
}

/** At most this many error bodies are read per backfill (the newest). */
const BACKFILL_BODIES = 200;
/**
 * How long a backfill waits for those bodies, all together: they take 20–50 ms for 100 on this machine, but
 * DevTools never answers getContent() for a `Cache-Control: no-store` response (Chromium 156), and each such
 * read would hold the panel's first rows for platform.getContent's own timeout (1 s). A body that comes later
 * is not used (the entries are handed over as they are then).
 */
const BACKFILL_BODY_WAIT_MS = 250;

/** `promise`, or nothing once `ms` have passed. */
function withinMs(promise, ms) {
  let timer;
  const late = new Promise((r) => (timer = setTimeout(r, ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

let syncing = null;
/** Merges what DevTools recorded and the capture lacks (getHAR()), in order, once. */
function sync() {
  if (syncing) return syncing;
  capture.ready = false;
  syncing = (async () => {
    const asked = Date.now();
    const har = await platform.getHAR().catch(() => ({ entries: [] }));
    let fromHar = har?.entries ?? [];
    // Chromium lists requests still in flight (no status, no error): the
    // live listener, on by now, delivers them when they finish.
    fromHar = fromHar.filter((e) => !(e?._resourceType !== undefined && statusOf(e) === 0 && !e?.response?._error));
    const unsettled = fromHar.filter((e) => failedWithoutStatus(e) && mayStillSettle(e, asked));
    if (unsettled.length) {
      const later = await settledHar();
      for (const e of unsettled) withSettledStatus(e, keyOf(e), later);
    }
    await chain; // live entries that finished meanwhile are in early
    fromHar = sinceCut(fromHar);
    // Entries the capture has (live, or an earlier backfill) are kept once, where they are.
    const have = new Map();
    for (const k of [...capture.keys, ...prober.claimedKeys]) have.set(k, (have.get(k) ?? 0) + 1);
    const added = [];
    for (const e of fromHar) {
      const key = keyOf(e);
      const n = have.get(key) ?? 0;
      if (n > 0) have.set(key, n - 1);
      else added.push({ key, e });
    }
    const bodies = added.filter(({ e }) => wantsBody(e)).slice(-BACKFILL_BODIES);
    await withinMs(Promise.all(bodies.map(({ e }) => withBody(e, platform.getContent(e)))), BACKFILL_BODY_WAIT_MS);
    await chain;
    if (cut) {
      // A navigation while the bodies were read.
      const keep = new Set(sinceCut(added.map(({ e }) => e)));
      added.splice(0, added.length, ...added.filter(({ e }) => keep.has(e)));
    }
    // Entries both in the HAR and seen live meanwhile are kept once (the HAR's copy, in the HAR's order).
    const seen = new Map();
    for (const { key } of added) seen.set(key, (seen.get(key) ?? 0) + 1);
    const rest = early.filter(({ key }) => {
      const n = seen.get(key) ?? 0;
      if (n > 0) {
        seen.set(key, n - 1);
        return false;
      }
      return true;
    });
    const merged = [...added.map(({ key, e }) => ({ key, json: toJson(e) })), ...rest];
    early = [];
    for (const { key, json } of merged) {
      capture.entries.push(json);
      capture.keys.push(key);
    }
    capture.ready = true;
    capture.syncs++;
    flushWaiting(merged.map((x) => x.json));
  })().finally(() => {
    syncing = null;
    capture.ready = true;
    flushWaiting([]);
  });
  return syncing;
}

/** After a backfill: a listener that had the capture gets what is new; one that subscribed meanwhile, all of it. */
function flushWaiting(added) {
  for (const fn of [...capture.listeners]) {
    if (capture.waiting.has(fn)) capture.deliver(fn, message.reset(capture.entries.slice()));
    else if (added.length) capture.deliver(fn, message.entries(added));
  }
  capture.waiting.clear();
}

let shown = false;

/** The listener is on while the panel is shown, or while "preserve log" is on. */
function updateLive() {
  const want = shown || capture.preserveLog;
  if (want && !capture.live) {
    platform.onRequestFinished(onFinished);
    capture.live = true;
    sync();
  } else if (!want && capture.live) {
    platform.offRequestFinished(onFinished);
    capture.live = false;
  }
}

function handOver(win) {
  if (!win) return;
  try {
    win.why405Capture = capture;
    if (typeof win.why405Attach === 'function') win.why405Attach(capture);
  } catch {
    /* the panel window is not reachable: it shows its own notice */
  }
}

function panelShown(v) {
  shown = v;
  updateLive();
}

platform.createPanel('why405', 'icons/why405-32.png', 'panel.html').then((panel) => {
  panel?.onShown?.addListener((win) => {
    panelShown(true);
    handOver(win);
  });
  panel?.onHidden?.addListener(() => panelShown(false));
});

updateLive();

// For tests and debugging from the DevTools frame.
globalThis.why405Capture = capture;
