'use strict';
// The lab's core: drive real headless Chromium through a scenario and turn the DevTools-protocol events into the
// HAR that Chrome DevTools' "Export HAR" writes (front_end/models/har/Log.ts), with Chromium's own CORS verdict
// (Network.loadingFailed.corsErrorStatus) beside it.
//
// Why not chrome-har: it drops failed requests and labels preflights "other". The status hidden behind a CORS
// failure only arrives in Network.responseReceivedExtraInfo, so this module keeps every event per requestId.
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const { CHROMIUM, CHROMIUM_BASE_ARGS, closeBrowser } = require('./browser');

const CHROMIUM_ARGS = [...CHROMIUM_BASE_ARGS, '--disable-default-apps', '--disable-extensions'];
const FETCH_TIMEOUT_MS = 10000; // per fetch, enforced in the page (AbortSignal.timeout)
const SETTLE_TIMEOUT_MS = 10000; // after the page's script returned: until every request reached its end
const NAV_TIMEOUT_MS = 15000;

// ---------------------------------------------------------------------------------------------------------------
// Scenario → the page's fetch steps

function withCase(url, name) {
  return url + (url.includes('?') ? '&' : '?') + 'case=' + encodeURIComponent(name);
}

function stepUrl(scenario, req) {
  const base = req.url || `http://localhost:${scenario.port}${req.path || '/'}`;
  return withCase(base, scenario.name);
}

/**
 * The fetches the page makes, in order: scenario.before[…] then scenario.request; a scenario's "worker" first
 * registers that script of its server's folder as the page's service worker (served by the page origin, see
 * origin.js) and waits until it controls the page. The worker step makes no request of the scenario's own.
 */
function stepsOf(scenario) {
  const reqs = [...(scenario.before || []), scenario.request];
  const worker = scenario.worker ? [{ kind: 'worker', url: `/lab-worker/${scenario.server}/${scenario.worker}`, main: false }] : [];
  return [...worker, ...reqs.map((r, i) => ({
    url: r.kind === 'websocket' ? stepUrl(scenario, r).replace(/^http/, 'ws') : stepUrl(scenario, r),
    main: i === reqs.length - 1,
    // fetch (default), nocors (fetch with mode: 'no-cors'), beacon (navigator.sendBeacon), form (a <form> submitted:
    // a top-level navigation), iframe (an <iframe> loading the URL), websocket (new WebSocket: ws:// URL), csp (a frame whose CSP reports a violation to
    // the URL)
    kind: r.kind || 'fetch',
    init: {
      method: r.method || 'GET',
      headers: r.headers || {},
      ...(r.body !== undefined ? { body: r.body } : {}),
      credentials: r.credentials || 'same-origin',
      redirect: 'follow',
      mode: 'cors',
    },
  }))];
}

/** The steps that are requests of the scenario (the worker's registration is not one). */
function requestSteps(steps) {
  return steps.filter((s) => s.kind !== 'worker');
}

// ---------------------------------------------------------------------------------------------------------------
// Event bookkeeping

class EventLog {
  constructor() {
    this.seq = 0;
    this.requests = new Map(); // requestId → chain record
    this.order = []; // requestIds in the order of their first requestWillBeSent
    this.waiters = new Set();
    this.page = { startTimestamp: null, wallTime: null, domContent: null, load: null, url: null };
  }

  chain(id) {
    let c = this.requests.get(id);
    if (!c) {
      c = { id, hops: [], reqExtra: [], resExtra: [], response: null, responseTs: null, dataLength: 0, encodedData: 0,
        finished: null, failed: null, priority: null, seq: Infinity };
      this.requests.set(id, c);
    }
    return c;
  }

  on(name, p) {
    switch (name) {
      case 'Network.requestWillBeSent': {
        const c = this.chain(p.requestId);
        if (c.hops.length === 0) {
          c.seq = this.seq++;
          this.order.push(p.requestId);
        }
        if (p.redirectResponse && c.hops.length) {
          const prev = c.hops[c.hops.length - 1];
          prev.response = p.redirectResponse;
          prev.responseTs = p.timestamp;
          prev.endTs = p.timestamp;
          prev.hasExtraInfo = p.redirectHasExtraInfo;
        }
        c.hops.push({ rwbs: p, response: null, responseTs: null, endTs: null, hasExtraInfo: false });
        break;
      }
      case 'Network.requestWillBeSentExtraInfo':
        this.chain(p.requestId).reqExtra.push(p);
        break;
      case 'Network.responseReceivedExtraInfo':
        this.chain(p.requestId).resExtra.push(p);
        break;
      case 'Network.responseReceived': {
        const c = this.chain(p.requestId);
        const hop = c.hops[c.hops.length - 1];
        if (hop) {
          hop.response = p.response;
          hop.responseTs = p.timestamp;
          hop.hasExtraInfo = p.hasExtraInfo;
          hop.resourceType = p.type;
        }
        break;
      }
      case 'Network.dataReceived': {
        const c = this.chain(p.requestId);
        c.dataLength += p.dataLength;
        c.encodedData += p.encodedDataLength;
        break;
      }
      case 'Network.loadingFinished':
        this.chain(p.requestId).finished = p;
        break;
      case 'Network.loadingFailed':
        this.chain(p.requestId).failed = p;
        break;
      case 'Network.resourceChangedPriority':
        this.chain(p.requestId).priority = p.newPriority;
        break;
      // A WebSocket has no requestWillBeSent: its handshake becomes one chain, as DevTools' HAR export shows it
      // (GET ws://…, 101, _resourceType "websocket").
      case 'Network.webSocketCreated': {
        const c = this.chain(p.requestId);
        c.seq = this.seq++;
        this.order.push(p.requestId);
        const rwbs = { requestId: p.requestId, request: { url: p.url, method: 'GET', headers: {} },
          initiator: p.initiator || { type: 'script' }, type: 'WebSocket', timestamp: null, wallTime: null };
        c.hops.push({ rwbs, response: null, responseTs: null, endTs: null, hasExtraInfo: false });
        break;
      }
      case 'Network.webSocketWillSendHandshakeRequest': {
        const hop = this.chain(p.requestId).hops[0];
        if (hop) Object.assign(hop.rwbs, { timestamp: p.timestamp, wallTime: p.wallTime, request: { ...hop.rwbs.request, headers: p.request.headers } });
        break;
      }
      case 'Network.webSocketHandshakeResponseReceived': {
        const c = this.chain(p.requestId);
        const hop = c.hops[0];
        if (hop) {
          hop.response = { ...p.response, mimeType: 'x-unknown', protocol: 'http/1.1' };
          hop.responseTs = p.timestamp;
        }
        c.finished = { timestamp: p.timestamp, encodedDataLength: 0 };
        break;
      }
      case 'Network.webSocketFrameError':
      case 'Network.webSocketClosed': {
        const c = this.chain(p.requestId);
        if (!c.finished && !c.failed) c.failed = { timestamp: p.timestamp, errorText: p.errorMessage || 'net::ERR_CONNECTION_CLOSED' };
        break;
      }
      case 'Page.domContentEventFired':
        this.page.domContent = p.timestamp;
        break;
      case 'Page.loadEventFired':
        this.page.load = p.timestamp;
        break;
      default:
    }
    for (const w of [...this.waiters]) w();
  }

  /** Resolves when predicate() is true (checked on every event); rejects after timeoutMs with describe(). */
  waitFor(predicate, timeoutMs, describe) {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe ? describe() : 'events'}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

const EVENTS = [
  'Network.requestWillBeSent',
  'Network.requestWillBeSentExtraInfo',
  'Network.responseReceived',
  'Network.responseReceivedExtraInfo',
  'Network.dataReceived',
  'Network.loadingFinished',
  'Network.loadingFailed',
  'Network.resourceChangedPriority',
  'Network.webSocketCreated',
  'Network.webSocketWillSendHandshakeRequest',
  'Network.webSocketHandshakeResponseReceived',
  'Network.webSocketFrameError',
  'Network.webSocketClosed',
  'Page.domContentEventFired',
  'Page.loadEventFired',
];

function isTerminal(c) {
  return Boolean(c.finished || c.failed);
}

// CORS failures on a response that did arrive: Chromium then sends responseReceivedExtraInfo (the only place the
// real status and headers show up) but no responseReceived, and the ExtraInfo may come after loadingFailed.
const RESPONSE_CORS_ERRORS = new Set(['MissingAllowOriginHeader', 'AllowOriginMismatch', 'WildcardOriginNotAllowed',
  'MultipleAllowOriginValues', 'InvalidAllowOriginValue', 'InvalidAllowCredentials', 'InvalidResponse']);

/** Every hop whose response announced ExtraInfo has received it (ExtraInfo may come late). */
function extraInfoComplete(c) {
  let need = 0;
  c.hops.forEach((h, i) => {
    if (h.response && h.hasExtraInfo) need = i + 1;
  });
  return c.resExtra.length >= need;
}

/** A response that failed the CORS check: its ExtraInfo is expected too (soft: waited for, bounded). */
function blockedResponseInfoComplete(c) {
  if (c.reqExtra.length < c.resExtra.length) return false; // raw request headers of a hop that got raw response headers
  const e = c.failed && c.failed.corsErrorStatus;
  if (!e || !RESPONSE_CORS_ERRORS.has(e.corsError)) return true;
  return c.resExtra.length >= c.hops.length;
}
const BLOCKED_INFO_GRACE_MS = 3000;

// ---------------------------------------------------------------------------------------------------------------
// CDP → DevTools HAR (mirrors front_end/models/har/Log.ts)

function headersToArray(obj) {
  const out = [];
  for (const [name, value] of Object.entries(obj || {})) {
    for (const v of String(value).split('\n')) out.push({ name, value: v });
  }
  return out;
}

function headerValue(arr, name) {
  const h = arr.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h ? h.value : undefined;
}

function parseQuery(url) {
  const u = url.split('#')[0];
  const q = u.indexOf('?');
  if (q === -1) return [];
  return u.slice(q + 1).split('&').filter(Boolean).map((pair) => {
    const i = pair.indexOf('=');
    return i === -1 ? { name: pair, value: '' } : { name: pair.slice(0, i), value: pair.slice(i + 1) };
  });
}

function filteredProtocol(protocol) {
  const p = (protocol || '').toLowerCase();
  if (p === 'h2') return 'http/2.0';
  return p.replace(/^http\/2(\.0)?\+/, 'http/2.0+');
}

function toMs(t) {
  return t === -1 ? -1 : t * 1000;
}

function cdpCookieToHar(c, wall) {
  const out = {
    name: c.name,
    value: c.value,
    path: c.path,
    domain: c.domain,
    expires: c.session || c.expires === -1 ? null : new Date(c.expires * 1000).toISOString(),
    httpOnly: c.httpOnly,
    secure: c.secure,
  };
  if (c.sameSite) out.sameSite = c.sameSite;
  void wall;
  return out;
}

function parseSetCookie(line) {
  const parts = line.split(';').map((s) => s.trim());
  const [nv, ...attrs] = parts;
  const i = nv.indexOf('=');
  const c = { name: i === -1 ? '' : nv.slice(0, i), value: i === -1 ? nv : nv.slice(i + 1), path: '', domain: '', expires: null, httpOnly: false, secure: false };
  for (const a of attrs) {
    const [k, ...v] = a.split('=');
    const key = k.toLowerCase();
    const val = v.join('=');
    if (key === 'path') c.path = val;
    else if (key === 'domain') c.domain = val;
    else if (key === 'expires') c.expires = new Date(val).toISOString();
    else if (key === 'httponly') c.httpOnly = true;
    else if (key === 'secure') c.secure = true;
    else if (key === 'samesite') c.sameSite = val;
  }
  return c;
}

function resourceTypeName(rwbs) {
  if (rwbs.initiator && rwbs.initiator.type === 'preflight') return 'preflight';
  const t = (rwbs.type || 'Other').toLowerCase();
  return { xhr: 'xhr', fetch: 'fetch', document: 'document', other: 'other' }[t] || t;
}

function exportInitiator(init) {
  if (!init) return null;
  const out = { type: init.type };
  if (init.url !== undefined) out.url = init.url;
  if (init.requestId !== undefined) out.requestId = init.requestId;
  if (init.lineNumber !== undefined) out.lineNumber = init.lineNumber;
  if (init.stack) out.stack = init.stack;
  return out;
}

/** Timings as DevTools computes them (Log.ts buildTimings). */
function buildTimings(issueTime, timing, responseReceivedTime, endTime) {
  const startTime = timing ? timing.requestTime : issueTime;
  const result = { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 };
  const queued = issueTime < startTime ? startTime - issueTime : -1;
  result.blocked = toMs(queued);
  result._blocked_queueing = toMs(queued);
  let highest = 0;
  const least = (vals) => vals.reduce((best, v) => (v >= 0 && v < best ? v : best), Infinity);
  if (timing) {
    const blockedStart = least([timing.dnsStart, timing.connectStart, timing.sendStart]);
    if (blockedStart !== Infinity) result.blocked += blockedStart;
    if (timing.proxyEnd !== -1) result._blocked_proxy = timing.proxyEnd - timing.proxyStart;
    if (result._blocked_proxy && result._blocked_proxy > result.blocked) result.blocked = result._blocked_proxy;
    const dnsStart = timing.dnsEnd >= 0 ? blockedStart : 0;
    const dnsEnd = timing.dnsEnd >= 0 ? timing.dnsEnd : -1;
    result.dns = dnsEnd - dnsStart;
    const sslStart = timing.sslEnd > 0 ? timing.sslStart : 0;
    const sslEnd = timing.sslEnd > 0 ? timing.sslEnd : -1;
    result.ssl = sslEnd - sslStart;
    const connectStart = timing.connectEnd >= 0 ? least([dnsEnd, blockedStart]) : 0;
    const connectEnd = timing.connectEnd >= 0 ? timing.connectEnd : -1;
    result.connect = connectEnd - connectStart;
    const sendStart = timing.sendEnd >= 0 ? Math.max(connectEnd, dnsEnd, blockedStart) : 0;
    const sendEnd = timing.sendEnd >= 0 ? timing.sendEnd : 0;
    result.send = Math.max(sendEnd - sendStart, 0);
    highest = Math.max(sendEnd, connectEnd, sslEnd, dnsEnd, blockedStart, 0);
    result._workerStart = timing.workerStart;
    result._workerReady = timing.workerReady;
    result._workerFetchStart = timing.workerFetchStart;
    result._workerRespondWithSettled = timing.workerRespondWithSettled;
  } else if (responseReceivedTime === -1) {
    result.blocked = toMs(endTime - issueTime);
    return result;
  }
  const requestTime = timing ? timing.requestTime : startTime;
  const waitEnd = toMs(responseReceivedTime - requestTime);
  result.wait = waitEnd - highest;
  result.receive = Math.max(toMs(endTime - requestTime) - waitEnd, 0);
  return result;
}

const round3 = (x) => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

/** One HAR entry per hop of a chain (redirects: one per hop, like DevTools). */
function chainEntries(c, { pageref, bodies }) {
  const entries = [];
  const first = c.hops[0].rwbs;
  const initiator = exportInitiator(first.initiator);
  const rtype = resourceTypeName(first);
  c.hops.forEach((hop, i) => {
    const last = i === c.hops.length - 1;
    const rwbs = hop.rwbs;
    const req = rwbs.request;
    const reqExtra = c.reqExtra[i];
    const resExtra = c.resExtra[i];
    const resp = hop.response;
    const url = req.url.split('#')[0];

    // request
    const reqHeaders = reqExtra ? headersToArray(reqExtra.headers) : headersToArray(req.headers);
    const resHeadersText = resExtra && resExtra.headersText ? resExtra.headersText : (resp && resp.headersText) || '';
    let reqHeadersText = (resp && resp.requestHeadersText) || '';
    if (!reqHeadersText && resHeadersText) {
      // DevTools synthesises the request line + headers when it has the raw response headers (HTTP/1.1).
      const u = new URL(req.url);
      reqHeadersText = `${req.method} ${u.pathname}${u.search} HTTP/1.1\r\n` + reqHeaders.map((h) => `${h.name}: ${h.value}\r\n`).join('');
    }
    const protocol = resp ? filteredProtocol(resp.protocol) : '';
    const reqVersion = reqHeadersText ? (reqHeadersText.split('\r\n')[0].split(' ').pop() || protocol) : protocol;
    const postText = req.postData !== undefined ? req.postData : (req.postDataEntries ? decodePostEntries(req.postDataEntries) : undefined);
    const request = {
      method: req.method,
      url,
      httpVersion: reqVersion,
      headers: reqHeaders,
      queryString: parseQuery(url),
      cookies: reqExtra ? (reqExtra.associatedCookies || []).filter((a) => !a.blockedReasons || a.blockedReasons.length === 0).map((a) => cdpCookieToHar(a.cookie)) : [],
      headersSize: reqHeadersText ? reqHeadersText.length : -1,
      bodySize: postText ? Buffer.byteLength(postText, 'utf8') : 0,
    };
    if (postText) request.postData = { mimeType: headerValue(reqHeaders, 'content-type') || '', text: postText };

    // response
    const resHeaders = resExtra ? headersToArray(resExtra.headers) : resp ? headersToArray(resp.headers) : [];
    const status = resp ? resp.status : resExtra ? resExtra.statusCode : 0;
    const statusText = resp ? resp.statusText || '' : '';
    const resVersion = resHeadersText ? resHeadersText.split('\r\n')[0].split(' ')[0] : protocol;
    const transferSize = last
      ? (c.finished ? c.finished.encodedDataLength : resp ? resp.encodedDataLength || 0 : 0)
      : (resp ? resp.encodedDataLength || 0 : 0);
    const resourceSize = last ? c.dataLength : 0;
    const bodySize = status === 304 ? 0 : resHeadersText ? transferSize - resHeadersText.length : -1;
    const content = { size: resourceSize, mimeType: (resp && resp.mimeType) || 'x-unknown' };
    if (resHeadersText && status !== 304 && status !== 206) content.compression = resourceSize - bodySize;
    const body = last ? bodies.get(c.id) : undefined;
    if (body) {
      content.text = body.body;
      if (body.base64Encoded) content.encoding = 'base64';
    }
    const response = {
      status,
      statusText,
      httpVersion: resVersion,
      headers: resHeaders,
      cookies: resHeaders.filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => parseSetCookie(h.value)),
      content,
      redirectURL: headerValue(resHeaders, 'location') || '',
      headersSize: resHeadersText ? resHeadersText.length : -1,
      bodySize,
      _transferSize: transferSize,
      _error: last && c.failed ? c.failed.errorText : null,
      _fetchedViaServiceWorker: Boolean(resp && resp.fromServiceWorker),
    };

    // timings
    const issueTime = rwbs.timestamp;
    const endTime = last ? (c.finished || c.failed || { timestamp: issueTime }).timestamp : hop.endTs;
    let responseReceivedTime = -1;
    if (resp) {
      responseReceivedTime = hop.responseTs;
      if (resp.timing) {
        const headersReceived = resp.timing.requestTime + resp.timing.receiveHeadersEnd / 1000;
        if (responseReceivedTime < 0 || responseReceivedTime > headersReceived) responseReceivedTime = headersReceived;
      }
    }
    const timings = buildTimings(issueTime, resp && resp.timing ? resp.timing : null, responseReceivedTime, endTime);
    for (const k of Object.keys(timings)) {
      timings[k] = round3(timings[k]);
      if (timings[k] === undefined) delete timings[k];
    }
    let time = 0;
    for (const t of [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive]) time += Math.max(t, 0);

    const entry = {};
    if (resp && resp.connectionId) entry._connectionId = String(resp.connectionId);
    entry._initiator = initiator;
    entry._priority = c.priority || req.initialPriority || null;
    entry._resourceType = rtype;
    entry.cache = {};
    if (resp && resp.remotePort) entry.connection = String(resp.remotePort);
    if (pageref) entry.pageref = pageref;
    entry.request = request;
    entry.response = response;
    entry.serverIPAddress = resp && resp.remoteIPAddress ? resp.remoteIPAddress : '';
    entry.startedDateTime = new Date((rwbs.wallTime + (issueTime - rwbs.timestamp)) * 1000).toISOString();
    entry.time = round3(time);
    entry.timings = timings;
    entries.push({ seq: c.seq, hop: i, entry });
  });
  return entries;
}

function decodePostEntries(entries) {
  return entries.map((e) => (e.bytes ? Buffer.from(e.bytes, 'base64').toString('utf8') : '')).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// The page's script: served by the origin as /lab.js so the fetch's initiator stack points at a real script URL.

const PAGE_SCRIPT = `'use strict';
// why405 lab driver: runs the scenario's fetches one after another and reports what the page's code saw.
function otherStep(step) {
  if (step.kind === 'beacon') return { beacon: navigator.sendBeacon(step.url, step.init.body) };
  if (step.kind === 'websocket') {
    // Opened, then closed once the handshake is done (a dev server's hot-reload socket stays open; the capture
    // only needs its handshake).
    return new Promise((resolve) => {
      const ws = new WebSocket(step.url);
      ws.onopen = () => { ws.close(); resolve({ websocket: 'open' }); };
      ws.onerror = () => resolve({ websocket: 'error' });
    });
  }
  if (step.kind === 'iframe') {
    const frame = document.createElement('iframe');
    frame.src = step.url;
    document.body.appendChild(frame);
    return { iframe: step.url };
  }
  if (step.kind === 'csp') {
    // A same-origin frame whose CSP reports to the step's URL (see origin.js): the browser sends the report.
    const frame = document.createElement('iframe');
    frame.src = '/csp?report=' + encodeURIComponent(step.url);
    document.body.appendChild(frame);
    return { csp_report_to: step.url };
  }
  if (step.kind === 'form') {
    const form = document.createElement('form');
    form.method = step.init.method;
    form.action = step.url;
    for (const [name, value] of new URLSearchParams(step.init.body || '')) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    // Submitted after the driver returned: the navigation replaces this page.
    setTimeout(() => form.submit(), 20);
    return { navigation: step.init.method + ' ' + step.url };
  }
  return { error: 'unknown step kind ' + step.kind };
}
// Registers the page's service worker (scope "/": the origin sends Service-Worker-Allowed) and resolves once it
// controls this page (the worker claims its clients on activation).
async function registerWorker(step) {
  const sw = navigator.serviceWorker;
  const controlled = sw.controller ? Promise.resolve() :
    new Promise((resolve) => sw.addEventListener('controllerchange', resolve, { once: true }));
  const reg = await sw.register(step.url, { scope: '/' });
  await sw.ready;
  await controlled;
  return { worker: reg.active ? reg.active.scriptURL : step.url, controlled: Boolean(sw.controller) };
}
async function runStep(step, timeoutMs) {
  if (step.kind === 'worker') return registerWorker(step);
  if (step.kind !== 'fetch' && step.kind !== 'nocors') return otherStep(step);
  if (step.kind === 'nocors') step.init.mode = 'no-cors';
  const init = Object.assign({}, step.init, { signal: AbortSignal.timeout(timeoutMs) });
  try {
    const res = await fetch(step.url, init);
    const text = await res.text();
    return { ok: res.ok, status: res.status, statusText: res.statusText, type: res.type, redirected: res.redirected,
             url: res.url, body: text.length > 300 ? text.slice(0, 300) + '…' : text };
  } catch (e) {
    return { error: String(e) };
  }
}
async function runSteps(steps, timeoutMs) {
  const out = [];
  for (const step of steps) out.push(await runStep(step, timeoutMs));
  // A registered worker is unregistered once the steps are done: the next page load (the extension's e2e reuses
  // the tab) is not controlled by it.
  if (steps.some((s) => s.kind === 'worker')) {
    for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister();
  }
  return out;
}
// Start from a fresh task so the fetches' initiator stacks hold only this script's frames.
window.labRun = (steps, timeoutMs) => new Promise((resolve) => setTimeout(() => runSteps(steps, timeoutMs).then(resolve), 0));
`;

// ---------------------------------------------------------------------------------------------------------------

class ChromiumCapture {
  static async launch({ tmpDir, log = () => {} }) {
    const userDataDir = fs.mkdtempSync(path.join(tmpDir, 'chromium-profile-'));
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir,
      args: CHROMIUM_ARGS,
      protocolTimeout: 30000,
      timeout: 30000,
    });
    const cap = new ChromiumCapture();
    cap.browser = browser;
    cap.log = log;
    cap.version = await browser.version();
    const ua = await browser.userAgent();
    const wk = /AppleWebKit\/([^ ]+)/.exec(ua);
    cap.webkitVersion = wk ? wk[1] : 'n/a';
    return cap;
  }

  async close() {
    const b = this.browser;
    this.browser = null;
    await closeBrowser(b);
  }

  /**
   * Runs one scenario in a fresh browser context and returns
   * {har, chromium: {corsError, failedParameter}|null, js, jsBefore, steps, summary}.
   */
  async capture(scenario, originUrl) {
    const allSteps = stepsOf(scenario);
    const steps = requestSteps(allSteps);
    const context = await this.browser.createBrowserContext();
    try {
      const page = await context.newPage();
      const cdp = await page.createCDPSession();
      const ev = new EventLog();
      for (const name of EVENTS) cdp.on(name, (p) => ev.on(name, p));
      await cdp.send('Page.enable');
      await cdp.send('Network.enable', { maxPostDataSize: 65536 });
      const pageUrl = originUrl + '/';
      await page.goto(pageUrl, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      const originPrefix = new URL(pageUrl).origin;
      const docId = ev.order.find((id) => ev.requests.get(id).hops[0].rwbs.type === 'Document');
      const doc = docId && ev.requests.get(docId).hops[0].rwbs;

      if (scenario.request.cookie) {
        const target = new URL(steps[steps.length - 1].url);
        for (const pair of scenario.request.cookie.split(';')) {
          const i = pair.indexOf('=');
          if (i < 1) continue;
          const r = await cdp.send('Network.setCookie', { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), url: target.origin + '/' });
          if (!r.success) throw new Error(`Network.setCookie ${pair} failed`);
        }
      }

      const mark = ev.seq;
      const results = (await page.evaluate((s, t) => window.labRun(s, t), allSteps, FETCH_TIMEOUT_MS))
        .filter((_, i) => allSteps[i].kind !== 'worker');

      const mine = () => ev.order.filter((id) => {
        const c = ev.requests.get(id);
        const url = c.hops[0].rwbs.request.url;
        // (a navigation's target page may ask for its icon: not part of the scenario)
        return c.seq >= mark && !url.startsWith(originPrefix) && !new URL(url).pathname.endsWith('/favicon.ico');
      });
      const stepChain = (step) => mine().find((id) => {
        const r = ev.requests.get(id).hops[0].rwbs;
        return r.request.url === step.url && r.request.method === step.init.method && r.initiator.type !== 'preflight';
      });
      const settled = () => steps.every((s) => stepChain(s)) &&
        mine().every((id) => isTerminal(ev.requests.get(id)) && extraInfoComplete(ev.requests.get(id)));
      await ev.waitFor(settled, SETTLE_TIMEOUT_MS, () => {
        const pending = steps.filter((s) => !stepChain(s)).map((s) => `no request seen for ${s.init.method} ${s.url}`);
        for (const id of mine()) {
          const c = ev.requests.get(id);
          if (!isTerminal(c)) pending.push(`${id} ${c.hops[0].rwbs.request.method} ${c.hops[0].rwbs.request.url} not finished`);
          else if (!extraInfoComplete(c)) pending.push(`${id}: responseReceivedExtraInfo missing`);
        }
        return pending.join('; ');
      });

      const warnings = [];
      const softDone = () => mine().every((id) => blockedResponseInfoComplete(ev.requests.get(id)));
      await ev.waitFor(softDone, BLOCKED_INFO_GRACE_MS).catch(() => {
        warnings.push('a CORS-blocked response never got its responseReceivedExtraInfo: its status and headers are missing');
      });

      // Bodies: Chromium keeps none for preflights or CORS-blocked responses (getResponseBody fails: fine).
      const bodies = new Map();
      for (const id of mine()) {
        const c = ev.requests.get(id);
        if (!c.finished || c.hops[0].rwbs.initiator.type === 'preflight') continue;
        try {
          bodies.set(id, await cdp.send('Network.getResponseBody', { requestId: id }));
        } catch {
          /* no body kept */
        }
      }

      const pageref = 'page_1';
      const items = [];
      for (const id of mine()) items.push(...chainEntries(ev.requests.get(id), { pageref, bodies }));
      items.sort((a, b) => a.seq - b.seq || a.hop - b.hop);
      const pageStart = doc ? doc.wallTime : Date.now() / 1000;
      const pageTs = doc ? doc.timestamp : 0;
      const pageEvent = (t) => (t && doc ? round3((t - pageTs) * 1000) : -1);
      const har = {
        log: {
          version: '1.2',
          creator: { name: 'WebInspector', version: this.webkitVersion },
          pages: [{
            startedDateTime: new Date(pageStart * 1000).toISOString(),
            id: pageref,
            title: pageUrl,
            pageTimings: { onContentLoad: pageEvent(ev.page.domContent), onLoad: pageEvent(ev.page.load) },
          }],
          entries: items.map((x) => x.entry),
        },
      };

      const mainId = stepChain(steps[steps.length - 1]);
      const main = ev.requests.get(mainId);
      const ces = main.failed && main.failed.corsErrorStatus;
      const chromium = ces ? { corsError: ces.corsError, failedParameter: ces.failedParameter } : null;
      const preflightOf = (id) => mine().map((p) => ev.requests.get(p)).find((p) => p.hops[0].rwbs.initiator.type === 'preflight' &&
        p.hops[0].rwbs.initiator.requestId === id);
      const statusOf = (c) => {
        if (!c) return null;
        const h = c.hops[c.hops.length - 1];
        if (h.response) return h.response.status;
        const x = c.resExtra[c.hops.length - 1];
        return x ? x.statusCode : 0;
      };
      const pf = preflightOf(mainId);
      const summary = {
        status: statusOf(main),
        preflightStatus: pf ? statusOf(pf) : null,
        hops: main.hops.length,
        errorText: main.failed ? main.failed.errorText : null,
      };
      const perStep = steps.map((st) => {
        const c = ev.requests.get(stepChain(st));
        const e = c.failed && c.failed.corsErrorStatus;
        return { url: st.url, method: st.init.method, status: statusOf(c), corsError: e ? e.corsError : null,
          failedParameter: e ? e.failedParameter : null, errorText: c.failed ? c.failed.errorText : null };
      });
      return {
        har,
        chromium,
        perStep,
        warnings,
        js: results[results.length - 1],
        jsBefore: results.slice(0, -1),
        steps,
        summary,
      };
    } finally {
      await context.close().catch(() => {});
    }
  }
}

module.exports = { ChromiumCapture, PAGE_SCRIPT, stepsOf, requestSteps, withCase, buildTimings, headersToArray };
