// The message protocol's JavaScript half (extension/src/protocol.js,
// docs/bridge.md): every constructor builds a message its channel accepts;
// unknown or malformed messages are refused with a reason, logged, never thrown.
//   node --test extension/tests/protocol.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS, accept, message, problem } from '../src/protocol.js';

const bytes = new Uint8Array([1, 2]);
const blob = new Blob(['{}']);

test('every constructor builds a valid message of its kind', () => {
  const built = [
    message.reset(['{}']), message.entries([]), message.clear(), message.unseen(0), message.unseen(3),
    message.preserveLog(true), message.openResource('http://127.0.0.1:9000/app.js', 42),
    message.load(1, blob), message.cancel(2), message.ready(), message.warm(0),
    message.batch(1, bytes, 10), message.end(1, bytes), message.failed('x'), message.failed('x', 3),
    message.probeDone(1, '2026-12-02T07:00:00.000Z', ['{}']), message.probeDone(2, 'x', [], 'no page'),
    message.probe(1, 'http://a.test/x', 'http://b.test', ['OPTIONS', 'HEAD', 'GET']),
    message.probe(2, 'http://a.test/x', undefined, ['GET']),
  ];
  for (const m of built) assert.equal(problem(KINDS[m.type].channel, m), null, JSON.stringify(m));
  assert.deepEqual(new Set(built.map((m) => m.type)), new Set(Object.keys(KINDS).filter((k) => k !== 'init')));
});

test('unknown or malformed messages are refused, logged and ignored', () => {
  const cases = [
    ['capture', null, 'not an object'],
    ['capture', 'reset', 'not an object'],
    ['capture', { type: 'rest', entries: [] }, 'unknown type "rest"'],
    ['capture', { type: 'toString' }, 'unknown type "toString"'],
    ['capture', { entries: [] }, 'unknown type "undefined"'],
    ['capture', { type: 'reset' }, 'field entries is not strings'],
    ['capture', { type: 'entries', entries: [1] }, 'field entries is not strings'],
    ['capture', { type: 'ready' }, 'a from-worker message, not a capture one'],
    ['to-capture', { type: 'preserve-log', value: 'yes' }, 'field value is not boolean'],
    ['capture', { type: 'unseen', count: -1 }, 'field count is not count'],
    ['capture', { type: 'unseen' }, 'field count is not count'],
    ['to-capture', { type: 'open-resource', url: 'http://a/app.js', line: 0 }, 'field line is not line'],
    ['to-capture', { type: 'open-resource', line: 3 }, 'field url is not string'],
    ['capture', { type: 'open-resource', url: 'http://a/app.js', line: 3 }, 'a to-capture message, not a capture one'],
    ['to-worker', { type: 'load', id: 0, blob }, 'field id is not id'],
    ['to-worker', { type: 'load', id: 1, blob: 'x' }, 'field blob is not blob'],
    ['to-worker', { type: 'init', module: {} }, 'field module is not module'],
    ['from-worker', { type: 'batch', id: 1, batch: [1], done: 0 }, 'field batch is not bytes'],
    ['from-worker', { type: 'batch', id: 1, batch: bytes, done: -1 }, 'field done is not count'],
    ['from-worker', { type: 'failed', id: 1.5, failed: 'x' }, 'field id is not id'],
    ['from-worker', { type: 'failed' }, 'field failed is not string'],
    ['capture', { type: 'probe-done', id: 1, entries: [] }, 'field at is not string'],
    ['capture', { type: 'probe-done', id: 0, at: 'x', entries: [] }, 'field id is not id'],
    ['capture', { type: 'probe-done', id: 1, at: 'x', entries: [], error: null }, 'field error is not string'],
    ['to-capture', { type: 'probe', id: 1, url: 'http://a.test/', methods: 'GET' }, 'field methods is not strings'],
    ['to-capture', { type: 'probe', id: 1, url: 'http://a.test/', origin: null, methods: [] }, 'field origin is not string'],
    ['capture', { type: 'probe', id: 1, url: 'http://a.test/', methods: [] }, 'a to-capture message, not a capture one'],
  ];
  const warn = console.warn;
  const logged = [];
  console.warn = (...a) => logged.push(a[0]);
  try {
    for (const [channel, data, why] of cases) {
      assert.equal(problem(channel, data), why, JSON.stringify(data));
      assert.equal(accept(channel, data), null);
    }
  } finally {
    console.warn = warn;
  }
  assert.equal(logged.length, cases.length);
  assert.match(logged[2], /^why405: ignored a capture message \(unknown type "rest"\)$/);
});

test('extra fields are ignored, as the Rust side ignores them', () => {
  const m = { type: 'clear', extra: 1 };
  assert.equal(accept('capture', m), m);
});
