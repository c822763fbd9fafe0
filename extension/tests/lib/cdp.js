// Driving a tab, its DevTools window and the extension frames in it through
// raw CDP sessions (target.createCDPSession() + Runtime.evaluate), never
// through puppeteer's Page: a Page sends Network.enable (and more) to its
// target, which records every request of the page a second time and changes
// what a benchmark of the page measures. An audit of every protocol message
// puppeteer sends or receives shows what reached a target (`audit`).
//
// The DevTools internals used here (InspectorView, the network panel's
// NetworkLogView, NetworkLog, TargetManager) can change between Chromium
// versions: they live in this file only (`inDevtools`), like showExtensionPanel
// in chromium.js.
'use strict';

const { Connection } = require('puppeteer-core/internal/cdp/Connection.js');

// ---- the protocol audit -------------------------------------------------------

/** Every message on every puppeteer connection: sent {method, sessionId}; events {method, sessionId}; sessions. */
const log = { sent: [], events: new Map(), sessions: new Map() };
{
  const rawSend = Connection.prototype._rawSend;
  Connection.prototype._rawSend = function (callbacks, method, params, sessionId, options) {
    log.sent.push({ method, sessionId });
    return rawSend.call(this, callbacks, method, params, sessionId, options);
  };
  const onMessage = Connection.prototype.onMessage;
  Connection.prototype.onMessage = function (message) {
    try {
      const o = JSON.parse(message);
      if (o.method === 'Target.attachedToTarget') log.sessions.set(o.params.sessionId, o.params.targetInfo.targetId);
      if (o.method && o.sessionId) {
        const k = `${o.sessionId} ${o.method}`;
        log.events.set(k, (log.events.get(k) ?? 0) + 1);
      }
    } catch {
      /* not JSON: puppeteer reports it */
    }
    return onMessage.call(this, message);
  };
}

/** The methods sent to target `targetId` (any session), with counts; and the events received from it by domain. */
function audit(targetId) {
  const mine = (sessionId) => sessionId !== undefined && log.sessions.get(sessionId) === targetId;
  const sent = new Map();
  for (const { method, sessionId } of log.sent) if (mine(sessionId)) sent.set(method, (sent.get(method) ?? 0) + 1);
  const events = new Map();
  for (const [k, n] of log.events) {
    const [sessionId, method] = k.split(' ');
    if (!mine(sessionId)) continue;
    const domain = method.split('.')[0];
    events.set(domain, (events.get(domain) ?? 0) + n);
  }
  return { sent: Object.fromEntries(sent), events: Object.fromEntries(events) };
}

/** Every `X.enable` sent anywhere (all connections, all targets), with counts. */
function enables() {
  const out = new Map();
  for (const { method, sessionId } of log.sent) {
    if (!method.endsWith('.enable')) continue;
    const k = `${method} → ${sessionId === undefined ? 'browser' : (log.sessions.get(sessionId) ?? sessionId)}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return Object.fromEntries(out);
}

// ---- evaluating -----------------------------------------------------------------

/**
 * `fn(...args)` evaluated in the main world of a raw session's target (its promise awaited); its value. Throws
 * the page's exception, or after `timeout` ms.
 */
async function evaluate(session, fn, args = [], timeout = 15_000) {
  const expression = `(${fn})(${args.map((a) => JSON.stringify(a)).join(',')})`;
  const r = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, { timeout });
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value;
}

/** A page function: {visible, frame}: the document's visibility, and whether it renders (frameWithin 1 s). */
async function shownState() {
  const frame = await new Promise((r) => {
    const t = setTimeout(() => r(false), 1000);
    requestAnimationFrame(() => {
      clearTimeout(t);
      r(true);
    });
  });
  return { visible: document.visibilityState === 'visible', frame };
}

// ---- DevTools internals (evaluated in devtools_app.html's main world) -------------

const inDevtools = {
  /** Whether the DevTools UI has loaded (without creating its singletons early: that breaks DevTools). */
  loaded: async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.maybeGetInspectorViewInstance?.();
    return document.readyState === 'complete' && Boolean(view) && (view.tabbedPane ?? view.tabbedPaneInternal).tabIds().length > 0;
  },
  /** The CDP target id of the page this DevTools window inspects. */
  inspected: async () => {
    const SDK = await import('./core/sdk/sdk.js');
    return SDK.TargetManager.TargetManager.instance().primaryPageTarget()?.id() ?? null;
  },
  /** Shows the panel whose tab id is `id` or starts with `prefix`; the tab id shown. */
  show: async (id, prefix) => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    const pane = view.tabbedPane ?? view.tabbedPaneInternal;
    const tab = id ?? pane.tabIds().find((t) => t.startsWith(prefix));
    if (!tab) return null;
    await view.showPanel(tab);
    return pane.selectedTabId;
  },
  /** {selected, visible, frame}: the panel shown, and whether DevTools' window is visible and renders. */
  state: async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    const frame = await new Promise((r) => {
      const t = setTimeout(() => r(false), 1000);
      requestAnimationFrame(() => {
        clearTimeout(t);
        r(true);
      });
    });
    return { selected: (view.tabbedPane ?? view.tabbedPaneInternal).selectedTabId, visible: document.visibilityState === 'visible', frame };
  },
  /**
   * Requests whose URL contains `needle`: in DevTools' network log (recorded whatever panel is shown), and as
   * rows of the network panel's list (`rows`, only when `rows` is true: the list refreshes only while shown).
   * Waits up to `ms` for `want` of them.
   */
  count: async (needle, want, ms, rows) => {
    const Logs = await import('./models/logs/logs.js');
    const N = rows ? await import('./panels/network/network.js') : null;
    const deadline = Date.now() + ms;
    for (;;) {
      const log = Logs.NetworkLog.NetworkLog.instance().requests().filter((r) => r.url().includes(needle)).length;
      const list = rows
        ? N.NetworkPanel.NetworkPanel.instance().networkLogView.flatNodesList().filter((n) => n.request()?.url().includes(needle)).length
        : null;
      if ((log >= want && (!rows || list >= want)) || Date.now() > deadline) return { log, rows: list };
      await new Promise((r) => setTimeout(r, 50));
    }
  },
};

/** Polls `fn(...args)` in `session` until it returns true, for `timeout` ms at most. */
async function until(session, fn, args, timeout, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const ok = await evaluate(session, fn, args, Math.max(1000, deadline - Date.now())).catch(() => false);
    if (ok === true) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling interval
  }
}

module.exports = { audit, enables, evaluate, shownState, inDevtools, until };
