// why405's standalone page: the extension panel's Yew UI in file mode.
// Everything runs here: the HAR is read in chunks by the wasm (in the
// page's worker, worker.js, when it starts; else on the page's thread),
// nothing is uploaded, and no request leaves the page (see the CSP in
// index.html).
// Never blank: if the wasm cannot load, a plain message says so.

import { copyText, fail as failWith } from './boot.js';
import { accept, message } from './protocol.js';

const app = document.getElementById('app');

const HINT = 'Use a current Chrome, Edge or Firefox; the command line (why405 diagnose FILE.har) gives the same answers.';
const fail = (what, err) => failWith(app, what, err, HINT);

const prefersDark = matchMedia('(prefers-color-scheme: dark)');

// The compiled wasm, shared with the worker (compiled once).
async function compile(url) {
  const response = await fetch(url);
  if (WebAssembly.compileStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// The worker that reads dropped files off the page's thread (worker.js):
// handed to the panel once it has started; until then, or if it cannot
// start, the panel reads files on the page's thread (same results). Its
// messages are the to-worker and from-worker channels of docs/bridge.md: this
// sends init and hears ready, failed and warm; the wasm sends the loads and
// hears their answers.
function startWorker(module, host) {
  window.why405.worker = 'starting';
  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  } catch (e) {
    window.why405.worker = `unavailable: ${e}`;
    return;
  }
  const started = ({ data }) => {
    const msg = accept('from-worker', data);
    if (msg?.type === 'warm') {
      worker.removeEventListener('message', started);
      window.why405.warm = msg.rounds;
    } else if (msg?.type === 'ready') {
      host.worker = worker;
      window.why405.worker = 'ready';
    } else if (msg?.type === 'failed' && msg.id === undefined) {
      worker.removeEventListener('message', started);
      worker.terminate();
      window.why405.worker = `failed: ${msg.failed}`;
    }
  };
  worker.addEventListener('message', started);
  worker.addEventListener('error', (e) => {
    delete host.worker;
    window.why405.worker = `failed: ${e.message ?? 'error'}`;
  });
  worker.postMessage(message.init(module));
}

async function start() {
  let wasm;
  let module;
  try {
    wasm = await import('./pkg/why405_ui.js');
    module = await compile(new URL('./pkg/why405_ui_bg.wasm', import.meta.url));
    await wasm.default({ module_or_path: module });
  } catch (e) {
    fail('The WebAssembly module did not load', e);
    return;
  }
  const host = {
    copyText,
    loaded(info) {
      info.at = performance.now();
      window.why405.last = info;
    },
  };
  app.textContent = '';
  const panel = wasm.mount(app, 'file', host, prefersDark.matches ? 'dark' : 'default');
  prefersDark.addEventListener('change', (e) => panel.setTheme(e.matches ? 'dark' : 'default'));
  window.why405 = { panel, version: wasm.version(), last: null, worker: null, warm: null };
  startWorker(module, host);

  // A file dropped anywhere on the page (the drop zone handles its own).
  let depth = 0;
  window.addEventListener('dragenter', () => document.body.classList.toggle('dragging', ++depth > 0));
  window.addEventListener('dragleave', () => document.body.classList.toggle('dragging', --depth > 0));
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    const f = e.dataTransfer?.files?.[0];
    if (f) panel.loadBlob(f.name, f);
  });
}

start().catch((e) => fail('The page failed to start', e));
