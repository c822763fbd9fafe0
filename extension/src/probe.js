// The Probe action's sending half, in the DevTools page (ui/src/probe.rs says
// what is sent and why; docs/bridge.md has the messages). Nothing is sent
// but on a `probe` message, which the panel sends only after its Send click.
//
// The requests are made by the inspected page itself: a fetch() evaluated in
// its main world (devtools.inspectedWindow.eval), so they carry the page's
// real Origin and the extension needs no permission. Only OPTIONS, HEAD and
// GET, one after the other; any other method is refused here as well, so a
// write is never sent, whatever the panel asks. The answers are not read in
// the page (cross-origin they may be unreadable): DevTools' network log,
// which the capture listens to, records each request with its status and
// headers, the browser's own preflight for the OPTIONS included. Those
// entries are claimed for the probe (`claim`), handed to the panel in one
// `probe-done` message, and not delivered as ordinary `entries`.
//
// Claiming: same URL, a method still awaited (the preflight: OPTIONS with
// Access-Control-Request-Method: OPTIONS), started after the click, and in
// Chromium an initiator stack from the evaluated script (its sourceURL).
// Firefox's entries have no initiator: URL, method and time only. The page's
// own fetch() is used: a page that replaced it is probed through its
// replacement.
import * as platform from './platform.js';

/** The only methods ever sent, in order. */
export const SAFE_METHODS = ['OPTIONS', 'HEAD', 'GET'];
/** The evaluated script's name, found in the initiator of the requests it makes. */
export const SOURCE = 'why405-probe.js';
/** How long the answers are awaited before the probe ends with what arrived. */
export const PROBE_WAIT_MS = 10_000;

/** The script evaluated in the inspected page: the fetches, one after the other; not awaited (DevTools records them). */
export function probeExpression(url, origin, methods) {
  const args = [url, origin ?? null, methods].map((v) => JSON.stringify(v)).join(', ');
  return `((url, origin, methods) => {
  if (origin !== null && location.origin !== origin) {
    return { refused: 'the page is now at ' + location.origin + ', not ' + origin + ': reload it there to probe from it' };
  }
  (async () => {
    for (const method of methods) {
      try {
        // read to the end: a response left unread can be logged as aborted (seen for HEAD)
        await (await fetch(url, { method, cache: 'no-store' })).arrayBuffer();
      } catch {
        /* the network log says why */
      }
    }
  })();
  return { started: true };
})(${args})
//# sourceURL=${SOURCE}`;
}

const header = (e, name) => e?.request?.headers?.find((h) => String(h?.name).toLowerCase() === name)?.value;

/**
 * Probes in flight, and the keys of the entries they claimed (a backfill from getHAR() must not add them again as
 * ordinary entries).
 */
export function createProber({ emit, log = () => {} }) {
  const active = new Map();
  const claimedKeys = [];
  const sent = [];

  function finish(p, error) {
    if (!active.delete(p.id)) return;
    clearTimeout(p.timer);
    const why = error ?? (p.entries.length ? undefined : `no request of the probe was recorded within ${PROBE_WAIT_MS / 1000} s`);
    emit(p.id, p.at, p.entries, why);
  }

  function claims(p, e) {
    if (e?.request?.url !== p.url) return false;
    const method = String(e.request.method).toUpperCase();
    const acrm = header(e, 'access-control-request-method');
    if (e._resourceType === 'preflight' || (method === 'OPTIONS' && acrm !== undefined)) {
      return String(acrm).toUpperCase() === 'OPTIONS' && p.waiting.has('OPTIONS');
    }
    if (!p.waiting.has(method)) return false;
    if (Date.parse(e.startedDateTime) < p.started - 1000) return false;
    const stack = e._initiator?.stack;
    return !stack || JSON.stringify(stack).includes(SOURCE);
  }

  return {
    /** Keys of the entries the probes took. */
    claimedKeys,
    /** Every request handed to the page, for tests and debugging: {id, methods, url}. */
    sent,
    /** Whether entry `e` (JSON `json`, key `key`) is a probe's answer; if so it is taken. */
    claim(e, key, json) {
      for (const p of active.values()) {
        if (!claims(p, e)) continue;
        p.entries.push(json);
        claimedKeys.push(key);
        if (e._resourceType !== 'preflight' && header(e, 'access-control-request-method') === undefined) {
          p.waiting.delete(String(e.request.method).toUpperCase());
        }
        if (p.waiting.size === 0) finish(p);
        return true;
      }
      return false;
    },
    /** Starts probe `msg` (a checked `probe` message); `later(fn)` runs fn after the entries already finished. */
    async start(msg, later) {
      const at = new Date().toISOString();
      const bad = msg.methods.filter((m) => !SAFE_METHODS.includes(m));
      let url = null;
      try {
        url = new URL(msg.url);
      } catch {
        /* below */
      }
      if (bad.length || !url || !['http:', 'https:'].includes(url.protocol) || active.has(msg.id)) {
        let why = `probe ${msg.id} is already running`;
        if (bad.length) why = `refused to send ${bad.join(', ')}: a probe sends only ${SAFE_METHODS.join(', ')}`;
        else if (!url || !['http:', 'https:'].includes(url.protocol)) why = 'not an http(s) URL';
        later(() => emit(msg.id, at, [], why));
        return;
      }
      const p = { id: msg.id, url: msg.url, at, started: Date.now(), waiting: new Set(msg.methods), entries: [], timer: 0 };
      active.set(p.id, p);
      p.timer = setTimeout(() => later(() => finish(p)), PROBE_WAIT_MS);
      sent.push({ id: msg.id, methods: msg.methods.slice(), url: msg.url });
      log(`why405: probe ${msg.id}: ${msg.methods.join(', ')} ${msg.url} from the inspected page`);
      const r = await platform.evalInInspected(probeExpression(msg.url, msg.origin, msg.methods));
      const refused = r.error ?? r.result?.refused;
      if (refused !== undefined || r.result?.started !== true) {
        later(() => finish(p, String(refused ?? 'the page did not run it')));
      }
    },
  };
}
