#!/usr/bin/env node
'use strict';
// `why405 probe` and `why405 diagnose --probe` against the real lab servers (node:test).
// * `probe`: the CLI sends what a browser would (the preflight, a plain OPTIONS, HEAD, GET; the method itself only
//   with --send) and its JSON report gives the scenario's cause, status and allowed methods.
// * `diagnose --probe`: EVERY captured fixture (tests/fixtures/*/input.har) whose diagnosis is undecided without
//   --probe (computed here, not a hand list: a new undecided fixture is covered automatically), plus the
//   cached-preflight scenarios, is diagnosed again with --probe against the live lab server that produced it. Each
//   must come out settled (needs_probe false), with the scenario's `probe_expect` (else its `expect`) cause, a
//   `probe` record on it, and the probe's requests never as rows of their own. Standard error lists every request
//   sent: the request's method is never among them; where the server logs what it received (its log names the
//   scenario's `?case=` URL), the log shows no request with that method after the probe either.
// Usage: WHY405_BIN=target/debug/why405 node tests/lab/probe-test.js [--only server,…]
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFile, spawnSync } = require('child_process');
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

const SAFE = new Set(['OPTIONS', 'HEAD', 'GET']);

/** The scenario of every fixture (a Firefox capture `<name>_firefox` is its scenario's), with its server. */
function scenarioOf(fixture) {
  const name = fixture.replace(/_firefox$/, '');
  for (const srv of loadServers()) {
    const sc = srv.scenarios.find((s) => s.name === name);
    if (sc) return sc;
  }
  return null;
}

/** `diagnose --format json --all` on a HAR, synchronously (the test list is computed before the tests run). */
function diagnoseSync(har, extra = []) {
  const r = spawnSync(BIN, ['diagnose', har, '--format', 'json', '--all', ...extra], { timeout: 30000, maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) return null;
  return JSON.parse(r.stdout.toString());
}

/**
 * The fixtures `diagnose --probe` must settle: every fixture with a diagnosis that is undecided without --probe,
 * and every cached-preflight scenario (a scenario that says `"preflight_cached": true`): [fixture, scenario, the
 * undecided requests as {method, url}].
 */
function probeFixtures() {
  if (!BIN) return [];
  const out = [];
  for (const fixture of fs.readdirSync(FIXTURES).sort()) {
    const har = path.join(FIXTURES, fixture, 'input.har');
    if (!fs.existsSync(har)) continue;
    const sc = scenarioOf(fixture);
    if (!sc || (ONLY && !ONLY.includes(sc.server) && !ONLY.includes(sc.name))) continue;
    const json = diagnoseSync(har);
    const open = json ? json.diagnoses.filter((d) => d.needs_probe) : [];
    if (open.length || sc.preflight_cached) out.push([fixture, sc, open.map((d) => ({ method: d.method, url: d.url }))]);
  }
  return out;
}

const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1].split(',') : null;
})();
const SETTLE = probeFixtures();

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
  const names = new Set([...CASES.map((c) => c[0]).filter((n) => !ONLY || ONLY.includes(n)), ...SETTLE.map((c) => c[1].server)]);
  manager = new ServerManager(tmp, { log: (m) => process.stderr.write(m + '\n') });
  await manager.startAll(loadServers().filter((s) => names.has(s.name)));
});
after(async () => {
  if (manager) await manager.stopAll();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

for (const [server, method, p, headers, send, want] of CASES.filter((c) => !ONLY || ONLY.includes(c[0]))) {
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

/** The lines of the server's logs that name `?case=<name>` (empty when the server logs no requests). */
function caseLines(server, name) {
  const lines = [];
  for (const f of manager.logs().filter((l) => path.basename(l).startsWith(`${server}.`))) {
    const text = fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
    for (const l of text.split('\n')) if (l.includes(`case=${name}`)) lines.push(l);
  }
  return lines;
}

for (const [fixture, sc, open] of SETTLE) {
  test(`diagnose --probe settles ${fixture}`, { timeout: 60000 }, async (t) => {
    const input = path.join(FIXTURES, fixture, 'input.har');
    const want = { ...sc.expect, ...(sc.probe_expect || {}) };
    const logged = caseLines(sc.server, sc.name).length;
    const r = await run(['diagnose', input, '--probe', '--timeout', '5', '--format', 'json', '--all']);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, /--probe at \d{4}-\d\d-\d\dT/);
    const sent = r.stderr.split('\n').filter((l) => l.startsWith('why405: sent '));
    assert.ok(sent.length >= 3, r.stderr);
    const unsafe = sent.filter((l) => !SAFE.has(l.split(' ')[2]));
    assert.deepEqual(unsafe, [], `a method other than OPTIONS, HEAD, GET was sent:\n${r.stderr}`);
    const json = JSON.parse(r.stdout);
    const before = diagnoseSync(input);
    // the probe's requests are evidence for the HAR's requests, never rows of their own
    assert.equal(json.diagnoses.length, before.diagnoses.length, 'the probe added rows');
    const targets = open.length ? open : [{ method: sc.request.method, url: null }];
    for (const o of targets) {
      const d = json.diagnoses.filter((x) => x.method === o.method && (!o.url || x.url === o.url)).pop();
      assert.ok(d, `no diagnosis for ${o.method} ${o.url}`);
      assert.equal(d.needs_probe, false, `still undecided: ${d.summary}`);
      assert.ok(d.probe && d.probe.settled, `no settled probe record: ${JSON.stringify(d.probe)}`);
      assert.match(d.probe.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      assert.ok(d.probe.requests.every((q) => SAFE.has(q.method)), JSON.stringify(d.probe.requests));
      assert.equal(d.cause, want.cause, d.summary);
      if (want.status !== undefined) assert.equal(d.status, want.status, d.summary);
      if (want.allowed !== undefined && want.allowed !== null) assert.deepEqual([...(d.allowed || [])].sort(), [...want.allowed].sort(), d.summary);
      if (sc.preflight_cached) assert.ok(d.probe.requests.some((q) => q.preflight), `no preflight sent: ${JSON.stringify(d.probe.requests)}`);
    }
    // where the server logs what it received, it received none of the request's methods from the probe
    const lines = caseLines(sc.server, sc.name);
    t.diagnostic(lines.length > logged ? `${sc.server}'s log shows ${lines.length - logged} request(s) of the probe: checked` : `${sc.server} logs no requests`);
    if (lines.length > logged) {
      for (const o of targets) {
        if (SAFE.has(o.method)) continue;
        const hits = lines.slice(logged).filter((l) => new RegExp(`\\b${o.method}\\b`).test(l));
        assert.deepEqual(hits, [], `${sc.server} received ${o.method} during the probe`);
      }
    }
  });
}
