// The DevTools page: lives as long as DevTools is open for a tab (the panel
// may be shown late, hidden, or reloaded when DevTools is undocked). It
// captures every finished request as a HAR entry (JSON text), backfills
// what DevTools recorded before it started (getHAR), and hands the capture
// to the panel when the panel is shown. The panel diagnoses; this page only
// keeps entries, in order.

import * as platform from './platform.js';

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
  /** HAR entries as JSON text, in the order they finished. */
  entries: [],
  preserveLog: readPreserve(),
  /** False until getHAR's backfill is merged in. */
  ready: false,
  /** The inspected tab (the panel checks it when it looks for this capture). */
  tabId: platform.devtools?.inspectedWindow?.tabId,
  listeners: new Set(),

  /** fn({type: 'reset', entries}) now (when ready), then {type: 'entries', entries} / {type: 'clear'}. */
  subscribe(fn) {
    this.listeners.add(fn);
    if (this.ready) this.deliver(fn, { type: 'reset', entries: this.entries.slice() });
  },
  unsubscribe(fn) {
    this.listeners.delete(fn);
  },
  setPreserveLog(v) {
    this.preserveLog = Boolean(v);
    try {
      localStorage.setItem(PRESERVE_KEY, this.preserveLog ? '1' : '0');
    } catch {
      /* storage unavailable: the setting lasts for this DevTools session */
    }
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

/** Entries that finished before the backfill: {key, json}. */
let early = [];

function accept(key, json) {
  if (!capture.ready) {
    early.push({ key, json });
    return;
  }
  capture.entries.push(json);
  capture.emit({ type: 'entries', entries: [json] });
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
// getHAR() call (one per burst); the chain keeps them in order.
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
  const later = (har?.entries ?? []).find((e) => keyOf(e) === key && (e?.response?.status ?? 0) > 0);
  if (!later) return request;
  request.response = { ...request.response, ...later.response };
  return request;
}

platform.onRequestFinished((request) => {
  const key = keyOf(request);
  const status = request?.response?.status ?? 0;
  const isPreflight = request?._resourceType === 'preflight' || request?.request?.method === 'OPTIONS';
  const body = status >= 400 && !isPreflight ? platform.getContent(request) : null;
  const har = status === 0 && request?.response?._error ? settledHar() : null;
  chain = chain.then(async () => {
    if (har) withSettledStatus(request, key, await har);
    if (body) {
      const c = await body;
      if (c?.content && c.encoding !== 'base64') {
        request.response.content = { ...(request.response.content ?? {}), text: String(c.content).slice(0, BODY_KEEP) };
      }
    }
    accept(key, toJson(request));
  });
});

platform.onNavigated(() => {
  chain = chain.then(() => {
    if (capture.preserveLog) return;
    capture.entries = [];
    early = [];
    capture.emit({ type: 'clear' });
  });
});

platform
  .getHAR()
  .catch(() => ({ entries: [] }))
  .then(async (har) => {
    await chain;
    const fromHar = (har?.entries ?? []).map((e) => ({ key: keyOf(e), json: toJson(e) }));
    // Entries both in the HAR and seen live are kept once (the HAR's copy).
    const seen = new Map();
    for (const { key } of fromHar) seen.set(key, (seen.get(key) ?? 0) + 1);
    const rest = early.filter(({ key }) => {
      const n = seen.get(key) ?? 0;
      if (n > 0) {
        seen.set(key, n - 1);
        return false;
      }
      return true;
    });
    capture.entries = [...fromHar, ...rest].map((x) => x.json);
    early = [];
    capture.ready = true;
    capture.emit({ type: 'reset', entries: capture.entries.slice() });
  });

function handOver(win) {
  if (!win) return;
  try {
    win.why405Capture = capture;
    if (typeof win.why405Attach === 'function') win.why405Attach(capture);
  } catch {
    /* the panel window is not reachable: it shows its own notice */
  }
}

platform.createPanel('why405', 'icons/why405-32.png', 'panel.html').then((panel) => {
  panel?.onShown?.addListener(handOver);
});

// For tests and debugging from the DevTools frame.
globalThis.why405Capture = capture;
