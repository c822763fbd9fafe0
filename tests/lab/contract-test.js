#!/usr/bin/env node
'use strict';
// `why405 contract --base-url` against real lab servers (node:test): the contract server (servers/contract/) in its
// two configurations, "a" (matches openapi.yaml and swagger.json exactly) and "b" (drifts planted: a route removed,
// a method added, CORS missing for one origin, a proxy rule, a redirect), and the express server's /api against a
// spec written from its source. On "a" nothing is reported and the exit status is 0; on "b" exactly the planted
// drifts' checks fail (by check id and expectation kind), nothing else, exit 1; `--compare a b` lists differences on
// exactly the checks the drifts touch. The contract server records every request it received: no write method
// reaches it without --allow-writes.
// Usage: WHY405_BIN=target/debug/why405 node tests/lab/contract-test.js
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFile } = require('child_process');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { loadServers, ServerManager } = require('./lib/servers');

const BIN = process.env.WHY405_BIN;
const DIR = path.join(__dirname, 'servers', 'contract');
const OPENAPI = path.join(DIR, 'openapi.yaml');
const SWAGGER = path.join(DIR, 'swagger.json');
const A = 'http://127.0.0.1:7300';
const B = 'http://127.0.0.1:7301';
const APP = 'https://app.example.com';
const ADMIN = 'https://admin.example.com';
const ORIGINS = ['--origin', APP, '--origin', ADMIN];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The checks that fail on "b", each with its expectation kind, grouped by the drift that fails it.
const PLANTED = {
  // 1. a route removed: /api/status answers 404 to everything
  routeRemoved: [
    ['GET /status accepted', 'method_accepted'],
    ['OPTIONS /status refused', 'method_refused'],
  ],
  // 2. a method added: PATCH /api/items/{id} (listed in Allow: every refusal there sees an inexact Allow)
  methodAdded: [
    ['POST /items/{id} refused', 'method_refused'],
    ['PATCH /items/{id} refused', 'method_refused'],
    ['OPTIONS /items/{id} refused', 'method_refused'],
  ],
  // 3. CORS missing for one origin: every check from https://admin.example.com whose answer reaches the page
  corsOneOrigin: [
    'GET /items', 'POST /items', 'GET /items/{id}', 'PUT /items/{id}', 'DELETE /items/{id}', 'GET /orders',
    'GET /reports', 'GET /status',
  ].map((m) => [`${m} preflight from ${ADMIN}`, 'preflight_passes']),
  // 4. a proxy rule: OPTIONS on /api/reports refused by an nginx-like layer (405, no Allow, no CORS)
  proxyRule: [
    [`POST /reports preflight from ${APP}`, 'preflight_passes'],
    [`POST /reports preflight from ${ADMIN}`, 'preflight_passes'],
    ['OPTIONS /reports refused', 'method_refused'],
  ],
  // 5. a redirect: 301 on every method but GET/HEAD of /api/orders
  redirect: [
    [`POST /orders preflight from ${APP}`, 'preflight_passes'],
    [`POST /orders preflight from ${ADMIN}`, 'preflight_passes'],
    ['POST /orders accepted', 'method_accepted'],
    ['OPTIONS /orders refused', 'method_refused'],
  ],
};

// How a few of them are reported (a substring of the message, or the failing CORS step's Chromium name).
const REPORTED = [
  ['GET /status accepted', /GET gets 404: the documented route is missing/],
  ['PATCH /items/{id} refused', /Allow \(GET, PUT, DELETE, PATCH, HEAD, OPTIONS\) lists PATCH/],
  [`PUT /items/{id} preflight from ${ADMIN}`, /^PreflightMissingAllowOriginHeader/, 'evidence'],
  [`GET /items preflight from ${ADMIN}`, /^MissingAllowOriginHeader/, 'evidence'],
  [`POST /reports preflight from ${APP}`, /^PreflightMissingAllowOriginHeader/, 'evidence'],
  ['OPTIONS /reports refused', /405 without Allow/],
  [`POST /orders preflight from ${APP}`, /^PreflightDisallowedRedirect/, 'evidence'],
  ['POST /orders accepted', /redirected \(301 to \/api\/orders\/\).*turns POST into GET/],
];

// The checks whose answers differ between a and b (--compare).
const DIFFERING = [
  `GET /items preflight from ${ADMIN}`, `POST /items preflight from ${ADMIN}`,
  'PUT /items refused', 'PATCH /items refused', 'DELETE /items refused',
  `GET /items/{id} preflight from ${ADMIN}`, `PUT /items/{id} preflight from ${APP}`,
  `PUT /items/{id} preflight from ${ADMIN}`, 'PUT /items/{id} accepted', `DELETE /items/{id} preflight from ${APP}`,
  `DELETE /items/{id} preflight from ${ADMIN}`, 'POST /items/{id} refused', 'PATCH /items/{id} refused',
  'OPTIONS /items/{id} refused',
  `GET /orders preflight from ${ADMIN}`, `POST /orders preflight from ${APP}`, `POST /orders preflight from ${ADMIN}`,
  'POST /orders accepted', 'PUT /orders refused', 'PATCH /orders refused', 'DELETE /orders refused',
  'OPTIONS /orders refused',
  `GET /reports preflight from ${ADMIN}`, `POST /reports preflight from ${APP}`,
  `POST /reports preflight from ${ADMIN}`, 'POST /reports accepted', 'PUT /reports refused', 'PATCH /reports refused',
  'DELETE /reports refused', 'OPTIONS /reports refused',
  `GET /status preflight from ${APP}`, `GET /status preflight from ${ADMIN}`, 'GET /status accepted',
  'POST /status refused', 'PUT /status refused', 'PATCH /status refused', 'DELETE /status refused',
  'OPTIONS /status refused',
];

// The express lab server's /api (app.use(cors())) against servers/express/openapi.yaml: what fails, and why.
const EXPRESS_FAILS = [
  // Express answers a method without a route with its 404 (no 405, no Allow)
  ['GET /items refused', /GET gets 404 instead of 405/],
  ['HEAD /items refused', /HEAD gets 404 instead of 405/],
  // cors() answers every OPTIONS itself (204, no Allow) and its preflight allows every method
  ...['PUT /items', 'PATCH /items', 'DELETE /items', 'POST /items/{id}', 'PUT /items/{id}', 'PATCH /items/{id}',
    'POST /profile', 'PATCH /profile', 'DELETE /profile']
    .map((c) => [`${c} refused`, /the preflight from http:\/\/localhost:7100 allows \w+, which the spec does not document, and OPTIONS gets 204 without Allow/]),
  // ... on paths that do not exist too: a catch-all
  ...['/items', '/items/{id}', '/profile'].map((p) => [`OPTIONS ${p} no catch-all`, /gets 204: a catch-all OPTIONS/]),
];

function run(args) {
  return new Promise((resolve) => {
    execFile(BIN, args, { timeout: 120000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

let manager = null;
let tmp;
let requestLog;
before(async () => {
  assert.ok(BIN, 'WHY405_BIN is not set (path to the why405 CLI)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'why405-contract-'));
  manager = new ServerManager(tmp, { log: (m) => process.stderr.write(m + '\n') });
  await manager.startAll(loadServers().filter((s) => ['contract', 'express', 'fastapi'].includes(s.name)));
  requestLog = path.join(tmp, 'contract', 'requests.jsonl');
});
after(async () => {
  if (manager) await manager.stopAll();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs why405 contract and returns the exit code, the JSON report and the requests the contract server received. */
async function contract(args) {
  const start = fs.existsSync(requestLog) ? fs.statSync(requestLog).size : 0;
  const r = await run(['contract', ...args, '--format', 'json', '--timeout', '5']);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\r/, 'a progress bar on a standard error that is no terminal');
  const text = fs.existsSync(requestLog) ? fs.readFileSync(requestLog).subarray(start).toString('utf8') : '';
  const received = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { code: r.code, report: JSON.parse(r.stdout), received, stderr: r.stderr };
}

const failed = (checks) => checks.filter((c) => c.outcome.outcome === 'fail');
const outcomes = (checks) => checks.map((c) => `${c.outcome.outcome} ${c.id}`);

function noWrites(received, server) {
  const mine = received.filter((r) => r.server === server);
  assert.ok(mine.length > 20, `the ${server} server received ${mine.length} requests`);
  const writes = mine.filter((r) => WRITES.has(r.method));
  assert.deepEqual(writes.map((r) => `${r.method} ${r.url}`), [], 'a write was sent without --allow-writes');
}

test('a: matches openapi.yaml (OpenAPI 3.0) — nothing reported, exit 0, no write sent', { timeout: 120000 }, async () => {
  const r = await contract([OPENAPI, '--base-url', A, ...ORIGINS]);
  assert.deepEqual(failed(r.report.checks).map((c) => c.id), []);
  assert.equal(r.code, 0);
  assert.ok(r.report.checks.length >= 50, `${r.report.checks.length} checks`);
  noWrites(r.received, 'a');
  // the documented writes were judged from OPTIONS's Allow, and say so
  const put = r.report.checks.find((c) => c.id === 'PUT /items/{id} accepted');
  assert.match(put.note, /^a write, not sent without --allow-writes: OPTIONS's Allow \(GET, PUT, DELETE, HEAD, OPTIONS\) lists PUT/);
  // the PUT's preflight asked for its documented header parameter and its body's Content-Type
  const pre = r.received.find((q) => q.method === 'OPTIONS' && q.url === '/api/items/1' &&
    q.headers['access-control-request-method'] === 'PUT');
  assert.equal(pre.headers['access-control-request-headers'], 'content-type,x-request-id');
});

test('a: swagger.json (Swagger 2.0) gives the same checks and outcomes', { timeout: 120000 }, async () => {
  const [y, j] = await Promise.all([
    contract([OPENAPI, '--base-url', A, ...ORIGINS]),
    contract([SWAGGER, '--base-url', A, ...ORIGINS, '--concurrency', '1']),
  ]);
  assert.equal(j.code, 0);
  assert.deepEqual(outcomes(j.report.checks), outcomes(y.report.checks));
});

test('b: exactly the planted drifts, nothing else, exit 1', { timeout: 120000 }, async () => {
  for (const spec of [OPENAPI, SWAGGER]) {
    const r = await contract([spec, '--base-url', B, ...ORIGINS, '--concurrency', '8']);
    assert.equal(r.code, 1, path.basename(spec));
    const want = Object.values(PLANTED).flat().map(([id, kind]) => `${id} ${kind}`).sort();
    const got = failed(r.report.checks).map((c) => `${c.id} ${c.expected.kind}`).sort();
    assert.deepEqual(got, want, path.basename(spec));
    for (const [id, re, where] of REPORTED) {
      const c = r.report.checks.find((x) => x.id === id);
      const text = where === 'evidence' ? c.outcome.evidence[0] : c.outcome.message;
      assert.match(text, re, `${id}: ${JSON.stringify(c.outcome)}`);
    }
    noWrites(r.received, 'b');
  }
});

test('--compare a b lists exactly the checks the drifts touch', { timeout: 180000 }, async () => {
  const r = await contract([OPENAPI, '--base-url', A, '--compare', B, ...ORIGINS]);
  assert.equal(r.code, 1);
  assert.deepEqual(r.report.targets, [A, B]);
  const ids = [...new Set(r.report.differences.map((d) => d.check))];
  assert.deepEqual(ids.sort(), [...DIFFERING].sort());
  const find = (check, what) => r.report.differences.find((d) => d.check === check && d.what === what);
  assert.deepEqual(find('PUT /items/{id} accepted', 'OPTIONS: Allow'),
    { check: 'PUT /items/{id} accepted', what: 'OPTIONS: Allow', a: 'GET, PUT, DELETE, HEAD, OPTIONS', b: 'GET, PUT, DELETE, PATCH, HEAD, OPTIONS' });
  assert.deepEqual(find(`GET /items preflight from ${ADMIN}`, 'Access-Control-Allow-Origin'),
    { check: `GET /items preflight from ${ADMIN}`, what: 'Access-Control-Allow-Origin', a: ADMIN, b: null });
  assert.deepEqual(find('POST /orders accepted', 'OPTIONS: status'),
    { check: 'POST /orders accepted', what: 'OPTIONS: status', a: '204', b: '301' });
  assert.equal(find('GET /status accepted', 'status').b, '404');
  // a run against itself differs nowhere
  const same = await contract([OPENAPI, '--base-url', A, '--compare', A, ...ORIGINS]);
  assert.deepEqual(same.report.differences, []);
  assert.equal(same.code, 0);
});

test('--allow-writes sends the documented writes with their example bodies', { timeout: 120000 }, async () => {
  const r = await contract([OPENAPI, '--base-url', A, ...ORIGINS, '--allow-writes']);
  assert.deepEqual(failed(r.report.checks).map((c) => c.id), []);
  const put = r.received.find((q) => q.server === 'a' && q.method === 'PUT' && q.url === '/api/items/1');
  assert.ok(put, 'PUT /api/items/1 was not sent');
  assert.equal(put.body, '{"name":"gadget"}');
  assert.equal(put.headers['content-type'], 'application/json');
  // undocumented writes are sent too, and refused with 405 + the exact Allow
  assert.ok(r.received.some((q) => q.method === 'PATCH' && q.url === '/api/items/1'));
});

test('express /api (cors()) fails exactly where Express and cors() really differ from the spec', { timeout: 120000 }, async () => {
  const spec = path.join(__dirname, 'servers', 'express', 'openapi.yaml');
  const r = await contract([spec, '--base-url', 'http://127.0.0.1:7110', '--origin', 'http://localhost:7100']);
  assert.equal(r.code, 1);
  const got = failed(r.report.checks).map((c) => c.id).sort();
  assert.deepEqual(got, EXPRESS_FAILS.map(([id]) => id).sort());
  for (const [id, re] of EXPRESS_FAILS) {
    assert.match(r.report.checks.find((c) => c.id === id).outcome.message, re, id);
  }
  // the documented routes pass: their preflights (cors() allows the origin) and the methods themselves
  for (const id of ['GET /items/{id} accepted', 'PUT /profile preflight from http://localhost:7100', 'GET /profile accepted']) {
    assert.equal(r.report.checks.find((c) => c.id === id).outcome.outcome, 'pass', id);
  }
});

test('the progress bar is drawn on a terminal', { timeout: 120000 }, async () => {
  // script(1) (util-linux) gives the CLI a pseudo-terminal; the report goes to /dev/null
  const cmd = `${BIN} contract ${OPENAPI} --base-url ${A} --origin ${APP} --format json >/dev/null`;
  const r = await new Promise((resolve) => {
    execFile('script', ['-qec', cmd, '/dev/null'], { timeout: 60000 }, (err, stdout) => resolve({ err, stdout }));
  });
  assert.equal(r.err, null);
  const frames = r.stdout.split('\r').filter((f) => f.startsWith('why405 contract ['));
  assert.ok(frames.length > 10, JSON.stringify(r.stdout.slice(0, 300)));
  const last = frames.at(-1).match(/\] (\d+)\/(\d+) requests/);
  assert.ok(last && last[1] === last[2], frames.at(-1));
});

test('--format junit passes the JUnit XML schema (b, and --compare a b)', { timeout: 180000 }, async () => {
  const xsd = path.join(__dirname, '..', 'contract', 'junit-10.xsd');
  for (const extra of [['--base-url', B], ['--base-url', A, '--compare', B]]) {
    const r = await run(['contract', OPENAPI, ...extra, ...ORIGINS, '--format', 'junit', '--timeout', '5']);
    assert.equal(r.code, 1, r.stderr);
    const file = path.join(tmp, 'report.xml');
    fs.writeFileSync(file, r.stdout);
    const lint = await new Promise((resolve) => {
      execFile('xmllint', ['--noout', '--schema', xsd, file], { timeout: 30000 }, (err, stdout, stderr) => resolve({ err, stderr }));
    });
    assert.equal(lint.err, null, lint.stderr);
    // every planted drift is a failed test case
    for (const [id] of Object.values(PLANTED).flat()) {
      const name = id.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const re = new RegExp(`<testcase [^>]*name="${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^/]*?>\\s*<failure`);
      assert.match(r.stdout, re, id);
    }
  }
});

// The fastapi lab server's /open (CORSMiddleware with "*" everywhere) against the spec FastAPI itself generates
// (tests/contract/fastapi-open.json): what fails, and why.
const FASTAPI_FAILS = [
  // Starlette's 405 (a plain OPTIONS without Origin) lists only the first matching route's methods
  ['POST /items/ accepted', /OPTIONS's Allow \(GET\) does not list POST: either the route refuses the documented POST or its Allow is wrong/],
  ['DELETE /items/{item_id} accepted', /OPTIONS's Allow \(GET\) does not list DELETE/],
  ...['PUT /items/', 'PATCH /items/', 'DELETE /items/'].map((c) => [`${c} refused`, /^OPTIONS: Allow leaves out POST, which the spec documents/]),
  ['OPTIONS /items/ refused', /^OPTIONS gets 405, but Allow leaves out POST/],
  ...['POST /items/{item_id}', 'PUT /items/{item_id}', 'PATCH /items/{item_id}'].map((c) => [`${c} refused`, /^OPTIONS: Allow leaves out DELETE/]),
  ['OPTIONS /items/{item_id} refused', /^OPTIONS gets 405, but Allow leaves out DELETE/],
  // CORSMiddleware answers a preflight before routing: on paths that do not exist too
  ...['/items/', '/items/{item_id}', '/reports/{report_id}'].map((p) => [`OPTIONS ${p} no catch-all`, /^A preflight on the undocumented .* gets 200: a catch-all/]),
  // the report endpoint crashes; the 500 carries no CORS headers, so the page sees a CORS error
  ['GET /reports/{report_id} preflight from http://localhost:7100', /failed with 500 Internal Server Error/],
];

test('fastapi /open fails exactly where FastAPI differs from its own generated spec', { timeout: 120000 }, async () => {
  const spec = path.join(__dirname, '..', 'contract', 'fastapi-open.json');
  const r = await contract([spec, '--base-url', 'http://127.0.0.1:7102', '--origin', 'http://localhost:7100',
    '--param', 'item_id=1', '--param', 'report_id=1']);
  assert.equal(r.code, 1);
  assert.deepEqual(failed(r.report.checks).map((c) => c.id).sort(), FASTAPI_FAILS.map(([id]) => id).sort());
  for (const [id, re] of FASTAPI_FAILS) {
    assert.match(r.report.checks.find((c) => c.id === id).outcome.message, re, id);
  }
  // without --param the path parameters have no value (FastAPI writes no examples): those checks are skipped
  const bare = await contract([spec, '--base-url', 'http://127.0.0.1:7102', '--origin', 'http://localhost:7100']);
  const skipped = bare.report.checks.find((c) => c.id === 'GET /items/{item_id} accepted');
  assert.deepEqual(skipped.outcome, { outcome: 'skip', reason: 'no value for item_id: give --param item_id=...' });
});
