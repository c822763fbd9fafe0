#!/usr/bin/env node
'use strict';
// `why405 probe` against the real lab servers (node:test): the CLI sends what a browser would (the preflight, a
// plain OPTIONS, HEAD, GET; the method itself only with --send) and its JSON report gives the scenario's cause,
// status and allowed methods. Each run's standard error lists every request sent: the method is never among them
// without --send.
// Usage: WHY405_BIN=target/debug/why405 node tests/lab/probe-test.js
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFile } = require('child_process');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { loadServers, ServerManager } = require('./lib/servers');

const BIN = process.env.WHY405_BIN;
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const ORIGIN = 'http://localhost:7100';

// [server, method, path, headers, --send, the diagnosis of `method` expected]
const CASES = [
  ['koa', 'PUT', '/api/items/1', ['Content-Type: application/json'], true,
    { cause: 'method_mismatch', status: 405, allowed: ['GET', 'HEAD', 'PATCH'] }],
  ['koa', 'PUT', '/api/items/1', ['Content-Type: application/json'], false, { cause: 'not_method_related', status: 204 }],
  ['fastapi', 'DELETE', '/api/items/1', [], false, { cause: 'cors_preflight', status: 400 }],
  // the HAR of this scenario cannot tell a missing route from a wrong method (needs_probe); the probe's GET and HEAD
  // on the same URL settle it
  ['express', 'PUT', '/api/items/1', ['Content-Type: application/json'], true, { cause: 'method_mismatch', status: 404 }],
  ['nginx', 'POST', '/static/data.json', ['Content-Type: application/json'], false, { cause: 'cors_preflight', status: 405 }],
];

// `diagnose --probe`: [server, fixture (an undecided diagnosis in its HAR), method, the diagnosis once probed]
const SETTLED = [['express', 'express_cors_put_unrouted', 'PUT', { cause: 'method_mismatch', status: 404 }]];

function run(args) {
  return new Promise((resolve) => {
    execFile(BIN, args, { timeout: 30000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

let manager = null;
let tmp;
before(async () => {
  assert.ok(BIN, 'WHY405_BIN is not set (path to the why405 CLI)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'why405-probe-'));
  const names = new Set([...CASES.map((c) => c[0]), ...SETTLED.map((c) => c[0])]);
  manager = new ServerManager(tmp, { log: (m) => process.stderr.write(m + '\n') });
  await manager.startAll(loadServers().filter((s) => names.has(s.name)));
});
after(async () => {
  if (manager) await manager.stopAll();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

for (const [server, method, p, headers, send, want] of CASES) {
  test(`probe ${server} ${method} ${p}${send ? ' --send' : ''}`, { timeout: 60000 }, async () => {
    const srv = loadServers().find((s) => s.name === server);
    const url = `http://127.0.0.1:${srv.config.port}${p}`;
    const args = ['probe', url, '--method', method, '--origin', ORIGIN, '--format', 'json', '--all', '--timeout', '5'];
    for (const h of headers) args.push('-H', h);
    if (send) args.push('--send');
    const r = await run(args);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const sent = r.stderr.split('\n').filter((l) => l.startsWith('why405: sent '));
    assert.ok(sent.some((l) => l.startsWith('why405: sent OPTIONS (preflight) ')), `no preflight sent:\n${r.stderr}`);
    for (const m of ['OPTIONS', 'HEAD', 'GET']) assert.ok(sent.some((l) => l.startsWith(`why405: sent ${m} http`)), `no ${m}:\n${r.stderr}`);
    const mine = sent.filter((l) => l.startsWith(`why405: sent ${method} http`));
    assert.equal(mine.length, send ? 1 : 0, `${method} sent ${mine.length} times:\n${r.stderr}`);
    const d = JSON.parse(r.stdout).diagnoses.find((x) => x.method === method);
    assert.ok(d, `no diagnosis for ${method}: ${r.stdout.slice(0, 2000)}`);
    assert.equal(d.cause, want.cause, d.summary);
    assert.equal(d.status, want.status, d.summary);
    if (want.allowed) assert.deepEqual([...(d.allowed || [])].sort(), want.allowed, d.summary);
    assert.equal(r.code, d.problem || d.failed ? 1 : r.code, 'exit status');
  });
}

for (const [server, fixture, method, want] of SETTLED) {
  test(`diagnose --probe settles ${fixture}`, { timeout: 60000 }, async () => {
    assert.ok(server);
    const input = path.join(FIXTURES, fixture, 'input.har');
    const find = (out) => JSON.parse(out).diagnoses.find((x) => x.method === method && !x.request_inferred);
    const before = find((await run(['diagnose', input, '--format', 'json'])).stdout);
    assert.ok(before && before.needs_probe, `${fixture} is not undecided without --probe`);
    const r = await run(['diagnose', input, '--probe', '--timeout', '5', '--format', 'json']);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, /--probe at \d{4}-\d\d-\d\dT/);
    const sent = r.stderr.split('\n').filter((l) => l.startsWith('why405: sent '));
    assert.ok(sent.length >= 3, r.stderr);
    assert.equal(sent.filter((l) => l.startsWith(`why405: sent ${method} `)).length, 0, `${method} was sent:\n${r.stderr}`);
    const after = find(r.stdout);
    assert.equal(after.needs_probe, false, after.summary);
    assert.equal(after.cause, want.cause, after.summary);
    assert.equal(after.status, want.status, after.summary);
  });
}
