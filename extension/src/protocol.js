// The one message protocol between why405's JavaScript and its wasm UI
// (docs/bridge.md has the table): every message is a plain object whose
// `type` names its kind; each kind belongs to one channel and has fixed
// fields. The Rust side has the same types (ui/src/bridge.rs).
//
// Channels:
//   capture      the DevTools page (devtools.js) → the panel (panel.js → the wasm),
//                including a probe's answers (probe-done)
//   to-capture   the panel → the DevTools page ("preserve log", a probe to send)
//   to-worker    the web page (www.js, the wasm) → its file-reading worker (worker.js)
//   from-worker  the worker → the web page (www.js, the wasm)
//
// Build messages with `message.*`; check every message received with
// `accept(channel, data)`: an unknown or malformed message is logged and
// ignored (null), never thrown.
//
// Shared by the extension (devtools.js, panel.js) and the web page (www.js,
// worker.js: www/build.mjs writes this file into them where they import it).

const isStrings = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isId = (v) => Number.isSafeInteger(v) && v > 0;
const isCount = (v) => Number.isSafeInteger(v) && v >= 0;

/** Field checks by name; a trailing `?` in a spec makes a field optional. */
const FIELD = {
  strings: isStrings,
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  id: isId,
  count: isCount,
  line: (v) => Number.isSafeInteger(v) && v > 0,
  bytes: (v) => v instanceof Uint8Array,
  blob: (v) => typeof Blob !== 'undefined' && v instanceof Blob,
  module: (v) => typeof WebAssembly !== 'undefined' && v instanceof WebAssembly.Module,
};

/** Every kind: its channel and its fields (name → FIELD key). docs/bridge.md describes each. */
export const KINDS = {
  reset: { channel: 'capture', fields: { entries: 'strings' } },
  entries: { channel: 'capture', fields: { entries: 'strings' } },
  clear: { channel: 'capture', fields: {} },
  unseen: { channel: 'capture', fields: { count: 'count' } },
  'preserve-log': { channel: 'to-capture', fields: { value: 'boolean' } },
  'open-resource': { channel: 'to-capture', fields: { url: 'string', line: 'line' } },
  'probe-done': { channel: 'capture', fields: { id: 'id', at: 'string', entries: 'strings', error: 'string?' } },
  probe: { channel: 'to-capture', fields: { id: 'id', url: 'string', origin: 'string?', methods: 'strings' } },
  init: { channel: 'to-worker', fields: { module: 'module' } },
  load: { channel: 'to-worker', fields: { id: 'id', blob: 'blob' } },
  cancel: { channel: 'to-worker', fields: { id: 'id' } },
  ready: { channel: 'from-worker', fields: {} },
  warm: { channel: 'from-worker', fields: { rounds: 'count' } },
  batch: { channel: 'from-worker', fields: { id: 'id', batch: 'bytes', done: 'count' } },
  end: { channel: 'from-worker', fields: { id: 'id', end: 'bytes' } },
  failed: { channel: 'from-worker', fields: { id: 'id?', failed: 'string' } },
};

/** Constructors, one per kind. */
export const message = {
  /** The whole capture (HAR entries as JSON text, in order). */
  reset: (entries) => ({ type: 'reset', entries }),
  /** Entries captured since the last message, in order. */
  entries: (entries) => ({ type: 'entries', entries }),
  /** A navigation cleared the capture. */
  clear: () => ({ type: 'clear' }),
  /** Requests of the inspected page the capture could not see (made before DevTools was opened). */
  unseen: (count) => ({ type: 'unseen', count }),
  /** The panel's "preserve log" toggle. */
  preserveLog: (value) => ({ type: 'preserve-log', value: Boolean(value) }),
  /** Show `url` at `line` (1-based) in DevTools' Sources panel. */
  openResource: (url, line) => ({ type: 'open-resource', url, line }),
  /**
   * The answers of probe `id`: its requests' HAR entries (JSON text, in the order they finished), when it was sent
   * (an ISO string), or why nothing was sent (`error`).
   */
  probeDone: (id, at, entries, error) =>
    error === undefined ? { type: 'probe-done', id, at, entries } : { type: 'probe-done', id, at, entries, error },
  /** Send probe `id` from the inspected page: `methods` (OPTIONS, HEAD, GET only) to `url`, from `origin` if known. */
  probe: (id, url, origin, methods) =>
    origin === undefined ? { type: 'probe', id, url, methods } : { type: 'probe', id, url, origin, methods },
  /** The compiled wasm module, for the worker to instantiate. */
  init: (module) => ({ type: 'init', module }),
  /** A file to read; `id` (> 0) names the load in the worker's answers. */
  load: (id, blob) => ({ type: 'load', id, blob }),
  /** Stop reading the file of load `id`. */
  cancel: (id) => ({ type: 'cancel', id }),
  /** The worker's wasm has started. */
  ready: () => ({ type: 'ready' }),
  /** The worker's warm-up ended after `rounds` rounds. */
  warm: (rounds) => ({ type: 'warm', rounds }),
  /** Entries parsed (ui/src/wire.rs bytes, transferred) and the bytes of the file read so far. */
  batch: (id, batch, done) => ({ type: 'batch', id, batch, done }),
  /** The end of the file (ui/src/wire.rs bytes, transferred). */
  end: (id, end) => ({ type: 'end', id, end }),
  /** The worker could not start (no id) or read the file of load `id`. */
  failed: (failed, id) => (id === undefined ? { type: 'failed', failed } : { type: 'failed', id, failed }),
};

/** Why `data` is not a valid message of `channel`, or null when it is. */
export function problem(channel, data) {
  if (data === null || typeof data !== 'object') return 'not an object';
  const kind = Object.hasOwn(KINDS, data.type) ? KINDS[data.type] : null;
  if (!kind) return `unknown type ${JSON.stringify(String(data.type))}`;
  if (kind.channel !== channel) return `a ${kind.channel} message, not a ${channel} one`;
  for (const [name, spec] of Object.entries(kind.fields)) {
    const optional = spec.endsWith('?');
    const v = data[name];
    if (optional && v === undefined) continue;
    if (!FIELD[optional ? spec.slice(0, -1) : spec](v)) return `field ${name} is not ${spec.replace('?', '')}`;
  }
  return null;
}

/** `data` when it is a valid message of `channel`; else logs why and gives null. */
export function accept(channel, data) {
  const why = problem(channel, data);
  if (why === null) return data;
  console.warn(`why405: ignored a ${channel} message (${why})`, data);
  return null;
}
