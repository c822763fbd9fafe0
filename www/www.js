// why405's standalone page: the extension panel's Yew UI in file mode.
// Everything runs here: the HAR is read in chunks by the wasm, nothing is
// uploaded, and no request leaves the page (see the CSP in index.html).
// Never blank: if the wasm cannot load, a plain message says so.

import { copyText, fail as failWith } from './boot.js';

const app = document.getElementById('app');

const HINT = 'Use a current Chrome, Edge or Firefox; the command line (why405 diagnose FILE.har) gives the same answers.';
const fail = (what, err) => failWith(app, what, err, HINT);

const prefersDark = matchMedia('(prefers-color-scheme: dark)');

async function start() {
  let wasm;
  try {
    wasm = await import('./pkg/why405_panel.js');
    await wasm.default({ module_or_path: new URL('./pkg/why405_panel_bg.wasm', import.meta.url) });
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
  window.why405 = { panel, version: wasm.version(), last: null };

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
