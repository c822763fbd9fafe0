// The panel page: loads the wasm UI and connects it to the capture kept by
// the DevTools page. All UI is in Rust/Yew; this only wires data in: the
// capture's messages (reset, entries, clear, unseen: docs/bridge.md,
// protocol.js) are checked and handed to the wasm (`panel.receive`); its
// "preserve log" toggle goes back as a preserve-log message, a click on the
// initiator as open-resource.
// Never blank: if the wasm cannot load, a plain message says so.

import * as platform from './platform.js';
import { copyText, fail as failWith } from './boot.js';
import { accept, message } from './protocol.js';

const app = document.getElementById('app');

const HINT = 'Reload DevTools, or reinstall the extension if this persists.';
/** The longest entries wait for an animation frame before they are handed over anyway. */
const FLUSH_MS = 100;
/**
 * While requests keep coming, entries are handed over at most this often: each hand-over diagnoses the lot in
 * one pass but also re-renders the panel (style, layout, the list's scroll position), whose cost does not depend
 * on how many entries came. At one hand-over per frame, a page making a request every few milliseconds paid that
 * for nearly every request (BENCHMARKS.md, page cost). The first entries after a quiet moment still go at the next
 * frame.
 */
const THROTTLE_MS = 200;
const fail = (what, err) => failWith(app, what, err, HINT);

async function load() {
  try {
    const wasm = await import('./pkg/why405_ui.js');
    await wasm.default({ module_or_path: new URL('./pkg/why405_ui_bg.wasm', import.meta.url) });
    return wasm;
  } catch (e) {
    fail('The WebAssembly module did not load', e);
    return null;
  }
}

// This page exists only once the panel is shown: the capture (where this
// page can reach it) starts its backfill while the wasm loads.
platform.findCapture(platform.inspectedTabId())?.opening?.();

const wasm = await load();
if (wasm) {
  try {
    start(wasm);
  } catch (e) {
    fail('The panel failed to start', e);
  }
}

/**
 * A listener for the capture's messages that hands them to the wasm panel.
 * Entries that finish in a burst are handed over together: at the next frame
 * after a quiet moment, then at most every THROTTLE_MS; one diagnosis pass
 * and one render for the lot, not one per request.
 */
function forward(panel) {
  let pending = [];
  let frame = 0;
  let timer = 0;
  let last = -Infinity;
  const cancel = () => {
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    frame = 0;
    timer = 0;
  };
  const flush = () => {
    cancel();
    const batch = pending;
    pending = [];
    last = performance.now();
    if (batch.length) panel.receive(message.entries(batch));
  };
  const schedule = () => {
    const wait = last + THROTTLE_MS - performance.now();
    if (wait > 0) {
      timer = setTimeout(flush, wait);
      return;
    }
    frame = requestAnimationFrame(flush);
    // A frame the browser does not render (DevTools' window behind another, a hidden tab) gets no animation
    // frames at all: the entries must not wait for one.
    timer = setTimeout(flush, FLUSH_MS);
  };
  return (data) => {
    const msg = accept('capture', data);
    if (msg === null) return;
    if (msg.type === 'entries') {
      for (const e of msg.entries) pending.push(e);
      if (!frame && !timer) schedule();
      return;
    }
    if (msg.type === 'unseen') {
      panel.receive(msg);
      return;
    }
    // A probe's answers: after the entries captured before them.
    if (msg.type === 'probe-done') {
      flush();
      panel.receive(message.probeDone(msg.id, msg.at, Array.from(msg.entries), msg.error));
      return;
    }
    // reset or clear: what is pending belongs to the capture being replaced.
    cancel();
    pending = [];
    panel.receive(msg.type === 'reset' ? message.reset(Array.from(msg.entries)) : msg);
  };
}

function start(wasm) {
  let current = null;
  let listener = null;
  const host = {
    setPreserveLog(v) {
      current?.send(message.preserveLog(v));
    },
    reloadPage() {
      return platform.reloadInspected();
    },
    openResource(url, line) {
      current?.send(message.openResource(url, line));
    },
    get canOpenResource() {
      return Boolean(current?.canOpenResource);
    },
    copyText(text) {
      return copyText(text, { selectionFirst: true });
    },
    /** The Probe action's Send: a probe message to the DevTools page, which sends it from the inspected page. */
    probe(id, url, origin, methods) {
      const msg = accept('to-capture', message.probe(id, url, origin ?? undefined, Array.from(methods)));
      if (!current || msg === null) return false;
      current.send(msg);
      return true;
    },
  };
  app.textContent = '';
  const panel = wasm.mount(app, 'live', host, platform.themeName());
  platform.onThemeChanged((t) => panel.setTheme(t));

  const attach = (capture) => {
    if (!capture || capture === current) return;
    if (current && listener) current.unsubscribe(listener);
    current = capture;
    panel.setPreserveLog(Boolean(capture.preserveLog));
    listener = forward(panel);
    capture.subscribe(listener);
  };
  window.why405Attach = attach;
  // The capture handed over by onShown is gone when this page reloads while
  // the panel stays shown (DevTools undocked/redocked): the platform finds it
  // again where it can (Chrome); elsewhere onShown hands it over again.
  attach(window.why405Capture ?? platform.findCapture(platform.inspectedTabId()));
  window.why405 = { panel, attached: () => current !== null, version: wasm.version() };
}
