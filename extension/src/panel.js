// The panel page: loads the wasm UI and connects it to the capture kept by
// the DevTools page. All UI is in Rust/Yew; this only wires data in.
// Never blank: if the wasm cannot load, a plain message says so.

import * as platform from './platform.js';
import { copyText, fail as failWith } from './boot.js';

const app = document.getElementById('app');

const HINT = 'Reload DevTools, or reinstall the extension if this persists.';
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

const wasm = await load();
if (wasm) {
  try {
    start(wasm);
  } catch (e) {
    fail('The panel failed to start', e);
  }
}

function start(wasm) {
  let current = null;
  let listener = null;
  const host = {
    setPreserveLog(v) {
      current?.setPreserveLog(v);
    },
    reloadPage() {
      return platform.reloadInspected();
    },
    copyText(text) {
      return copyText(text, { selectionFirst: true });
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
    // Entries that finish in a burst are handed to the wasm once per frame:
    // one diagnosis pass and one render for the lot, not one per request.
    let pending = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      if (batch.length) panel.pushEntries(batch);
    };
    listener = (msg) => {
      if (msg.type === 'clear' || msg.type === 'reset') {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        pending = [];
        panel.clear();
        if (msg.type === 'reset' && msg.entries.length) panel.pushEntries(Array.from(msg.entries));
      } else if (msg.type === 'entries') {
        for (const e of msg.entries) pending.push(e);
        if (!frame) frame = requestAnimationFrame(flush);
      }
    };
    capture.subscribe(listener);
  };
  window.why405Attach = attach;
  attach(window.why405Capture ?? findCapture());
  window.why405 = { panel, attached: () => current !== null, version: wasm.version() };
}

// The capture handed over by onShown is gone when this page reloads while
// the panel stays shown (DevTools undocked/redocked). In Chrome the DevTools
// page is a sibling frame of this one: find it there. (Firefox runs the
// DevTools page elsewhere; onShown hands the capture over again.)
function findCapture() {
  const tabId = platform.devtools?.inspectedWindow?.tabId;
  let frames;
  try {
    frames = window.parent === window ? [] : Array.from(window.parent.frames);
  } catch {
    return null;
  }
  for (const f of frames) {
    try {
      const c = f.why405Capture;
      if (c && (tabId === undefined || c.tabId === tabId)) return c;
    } catch {
      /* a cross-origin frame (DevTools itself) */
    }
  }
  return null;
}
