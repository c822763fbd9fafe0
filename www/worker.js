// why405's standalone page: the reading half of a file load, off the page's
// thread. Its messages are the to-worker and from-worker channels of
// docs/bridge.md (protocol.js). The page posts the wasm module it compiled
// (init), then a file to read (load {id, blob}); this reads it in slices and
// hands each slice to the wasm's HarParser, posting what it parsed (batch
// {id, batch, done}: entries in the panel's compact form, ui/src/wire.rs)
// and at last the end of the file (end {id, end}). The page diagnoses the
// entries while the next slices are read here. A newer file (load) or
// cancel {id} stops the current one. Once started (ready; failed if it
// cannot), and until the first file, it warms the wasm up (HarParser.warmUp:
// captured HARs read and diagnosed, so the browser optimises the hot code
// before a real file needs it; the page's thread shares the optimised code)
// and then says warm {rounds}.

import init, { HarParser } from './pkg/why405_ui.js';
import { accept, message } from './protocol.js';

const FIRST = 2 << 20; // bytes read first: the page gets entries early
const SLICE = 16 << 20; // bytes read at a time after that (fewer, larger reads cost the browser less)
const AHEAD = 3; // slices being read while one is parsed
const PIECE = 512 << 10; // bytes parsed per message: the page's share of each stays short

const WARM_ROUNDS = 60; // ~6 MB of captured HARs, a few hundred ms

let ready = null;
let current = 0;
let files = 0;

// A round at a time, each in its own task: a file arriving stops it.
async function warmUp() {
  let rounds = 0;
  while (rounds < WARM_ROUNDS && files === 0) {
    HarParser.warmUp();
    rounds += 1;
    await new Promise((ok) => setTimeout(ok, 0));
  }
  postMessage(message.warm(rounds));
}

const read = (blob, [from, to]) => blob.slice(from, to).arrayBuffer().then((b) => new Uint8Array(b));

async function readFile(id, blob) {
  await ready;
  const parser = new HarParser();
  let finished = false;
  try {
    // A few slices read ahead: the browser reads the file while this parses.
    const slices = [];
    for (let from = 0; from < blob.size; ) {
      const to = Math.min(blob.size, from + (slices.length ? SLICE : FIRST));
      slices.push([from, to]);
      from = to;
    }
    const reads = slices.slice(0, AHEAD).map((s) => read(blob, s));
    for (let i = 0; i < slices.length; i++) {
      const bytes = await reads.shift();
      if (current !== id) return;
      if (i + AHEAD < slices.length) reads.push(read(blob, slices[i + AHEAD]));
      let ok = true;
      for (let at = 0; at < bytes.length && ok; at += PIECE) {
        const batch = parser.push(bytes.subarray(at, at + PIECE));
        postMessage(message.batch(id, batch, slices[i][0] + Math.min(at + PIECE, bytes.length)), [batch.buffer]);
        ok = parser.ok();
      }
      if (!ok) break;
    }
    finished = true;
    const end = parser.finish();
    postMessage(message.end(id, end), [end.buffer]);
  } finally {
    if (!finished) parser.free();
  }
}

const why = (e) => String(e?.message ?? e);

self.onmessage = ({ data }) => {
  const msg = accept('to-worker', data);
  if (msg === null) return;
  if (msg.type === 'init') {
    ready = init({ module_or_path: msg.module });
    ready.then(
      () => {
        postMessage(message.ready());
        warmUp().catch(() => postMessage(message.warm(0)));
      },
      (e) => postMessage(message.failed(why(e))),
    );
  } else if (msg.type === 'cancel') {
    if (msg.id === current) current = 0;
  } else {
    current = msg.id;
    files += 1;
    readFile(msg.id, msg.blob).catch((e) => postMessage(message.failed(why(e), msg.id)));
  }
};
