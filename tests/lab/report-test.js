#!/usr/bin/env node
'use strict';
// Report formats against the real world (node:test):
//  1. `--format har` (failing-only and --all) of every fixture validates as HAR 1.2 with the npm package
//     har-validator, carries no planted secret, and round-trips: diagnosing the export gives the same verdicts.
//  2. `--format curl` of every Express and Koa fixture, run against the real lab servers (started with the lab's
//     ServerManager), reproduces the HAR's statuses: the preflight's and the request's (first hop; curl does not
//     follow redirects). Requests the browser never sent are run too but not compared.
// Planted secrets: a scenario's optional "secrets" array (servers/*/scenarios.json, ignored by the harness) lists
// the values it plants; no output may contain them (tests/redaction.rs checks every format, this file the CLI's).
// Usage: WHY405_BIN=target/debug/why405 node tests/lab/report-test.js      (needs curl)
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFile } = require('child_process');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const validate = require('har-validator');
const { LAB, loadServers, ServerManager } = require('./lib/servers');

const BIN = process.env.WHY405_BIN;
const FIXTURES = path.resolve(LAB, '..', 'fixtures');
const CURL_SERVERS = ['express', 'koa'];
const fixtures = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'input.har'))).sort();

const planted = new Map();
for (const srv of loadServers()) for (const s of srv.scenarios) if (s.secrets) planted.set(s.name, s.secrets);

function run(file, args, opts = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 20000, maxBuffer: 64 << 20, ...opts }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function cli(args) {
  const r = await run(BIN, args);
  assert.ok(r.code === 0 || r.code === 1, `why405 ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const verdict = (d) => JSON.stringify([d.method, d.cause, d.cors_error, d.status, [...(d.allowed || [])].sort(), d.stack, d.needs_probe]);

let tmp;
before(() => {
  assert.ok(BIN, 'WHY405_BIN is not set (path to the why405 CLI)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'why405-report-'));
});
after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

for (const name of fixtures) {
  test(`har export: ${name}`, { timeout: 60000 }, async () => {
    const input = path.join(FIXTURES, name, 'input.har');
    const original = JSON.parse(await cli(['diagnose', input, '--format', 'json', '--all'])).diagnoses;
    for (const all of [false, true]) {
      const out = await cli(['diagnose', input, '--format', 'har', ...(all ? ['--all'] : [])]);
      for (const s of planted.get(name.replace(/_firefox$/, '')) || []) assert.ok(!out.includes(s), `the export holds the secret ${s}`);
      const har = JSON.parse(out);
      try {
        await validate.har(har);
      } catch (e) {
        assert.fail(`not a valid HAR 1.2: ${e.message} ${JSON.stringify(e.errors || []).slice(0, 600)}`);
      }
      const file = path.join(tmp, `${name}-${all}.har`);
      fs.writeFileSync(file, out);
      const back = JSON.parse(await cli(['diagnose', file, '--format', 'json', '--all'])).diagnoses;
      const want = original.filter((d) => all || d.failed || d.problem || d.needs_probe).map(verdict);
      const got = back.map(verdict);
      for (const w of want) assert.ok(got.includes(w), `verdict ${w} lost in the export; got ${got.join(' ')}`);
    }
  });
}

// ---- cURL reproduction against the real servers ----------------------------------------------------------------

const curlFixtures = fixtures.filter((n) => CURL_SERVERS.some((s) => n.startsWith(s + '_')) && !n.endsWith('_firefox'));
let manager = null;
let labError = null;

/** The commands of a curl report: {kind: 'Preflight'|'Request', got: number|null, cmd}. */
function commands(script) {
  const out = [];
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^# (Preflight|Request) \((.*)\):$/.exec(lines[i]);
    if (!m) continue;
    const got = /the browser got (\d+)/.exec(m[2]);
    const cmd = [];
    for (let j = i + 1; j < lines.length; j++) {
      cmd.push(lines[j]);
      if (!lines[j].endsWith('\\')) break;
    }
    out.push({ kind: m[1], got: got ? Number(got[1]) : null, cmd: cmd.join('\n') });
  }
  return out;
}

test('curl reproduction: lab servers', { timeout: 60000 }, async (t) => {
  if (!fs.existsSync('/usr/bin/curl')) {
    t.skip('curl is not installed');
    return;
  }
  const servers = loadServers().filter((s) => CURL_SERVERS.includes(s.name));
  const runDir = fs.mkdtempSync(path.join(tmp, 'servers-'));
  manager = new ServerManager(runDir, { log: (m) => process.stderr.write(m + '\n') });
  try {
    await manager.startAll(servers);
  } catch (e) {
    labError = e;
    throw e;
  }
});

for (const name of curlFixtures) {
  test(`curl reproduces the statuses: ${name}`, { timeout: 60000 }, async (t) => {
    if (!manager || labError) {
      t.skip('lab servers not started');
      return;
    }
    const input = path.join(FIXTURES, name, 'input.har');
    const script = await cli(['diagnose', input, '--format', 'curl', '--all']);
    for (const s of planted.get(name) || []) assert.ok(!script.includes(s), `the curl commands hold the secret ${s}`);
    const cmds = commands(script);
    assert.ok(cmds.some((c) => c.kind === 'Request'), `no request command in:\n${script}`);
    let compared = 0;
    for (const c of cmds) {
      // Secrets are shell variables; unset here (empty), which none of these servers' statuses depend on.
      const r = await run('/bin/bash', ['-c', `${c.cmd} -s -o /dev/null -w '%{http_code}'`], { env: { PATH: process.env.PATH } });
      assert.equal(r.code, 0, `curl failed (${r.code}): ${r.stderr}\n${c.cmd}`);
      if (c.got === null) continue; // never sent by the browser: nothing to compare
      assert.equal(Number(r.stdout), c.got, `${c.kind}: curl got ${r.stdout}, the browser got ${c.got}\n${c.cmd}`);
      compared++;
    }
    assert.ok(compared > 0, 'no status compared');
  });
}

test('stop lab servers', { timeout: 30000 }, async () => {
  if (manager) await manager.stopAll();
});

