#!/usr/bin/env node
'use strict';
// ./build.sh test → WHY405_BIN=target/debug/why405 node tests/lab/live-test.js [--only NAME|SERVER,…]
// Starts the lab servers, captures every scenario fresh with real headless Chromium, runs
// `$WHY405_BIN diagnose <har> --format json --all` on each capture and checks, per scenario:
//   * a diagnosis exists for the scenario's request (method + URL),
//   * its cause and the scenario's other `expect` keys (status, allowed, stack, needs_probe) match,
//   * its cors_error equals Chromium's own Network.corsErrorStatus.corsError from that very run (null when none).
// One node:test test per scenario (each with a timeout); the whole run is bounded by WHY405_LAB_TIMEOUT (s).
const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { LabSession, parseOnly } = require('./lib/run');
const { LAB, loadServers, loadScenarios } = require('./lib/servers');

const BIN = process.env.WHY405_BIN;
const RUN_TIMEOUT_S = Number(process.env.WHY405_LAB_TIMEOUT || 600);
const TEST_TIMEOUT_MS = 60000;
const CLI_TIMEOUT_MS = 20000;
const only = parseOnly(process.argv.slice(2));

// Scenario list is known before anything starts, so each gets its own test() even if the lab fails to start.
const scenarios = loadScenarios(loadServers(), only);
let lab = null;
let labError = null;
let failures = 0;
let captureDir = null;

// Hard bound on the whole run: whatever hangs, the servers and Chromium go away and the run fails.
const watchdog = setTimeout(() => {
  process.stderr.write(`live-test: the whole run exceeded ${RUN_TIMEOUT_S} s, aborting\n`);
  process.exit(1); // the ServerManager's exit hook kills the server process groups
}, RUN_TIMEOUT_S * 1000);
watchdog.unref();

// --include-secrets: this test matches diagnoses by the request URL; redaction has its own tests
// (tests/redaction.rs, tests/lab/report-test.js).
function runCli(har) {
  return new Promise((resolve) => {
    execFile(BIN, ['diagnose', har, '--format', 'json', '--all', '--include-secrets'], { timeout: CLI_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, signal: err && err.signal, killed: err && err.killed, stdout, stderr });
      });
  });
}

function sameValue(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

before(async () => {
  if (!BIN) {
    labError = new Error('WHY405_BIN is not set (path to the why405 CLI)');
    return;
  }
  if (!fs.existsSync(BIN)) {
    labError = new Error(`WHY405_BIN=${BIN} does not exist`);
    return;
  }
  try {
    lab = await LabSession.open({ only, kind: 'live' });
    captureDir = path.join(lab.runDir, 'captures');
    fs.mkdirSync(captureDir, { recursive: true });
  } catch (e) {
    labError = e;
  }
}, { timeout: 120000 });

after(async () => {
  if (lab) await lab.close({ keep: failures > 0 });
  if (failures && captureDir) process.stderr.write(`captures of this run kept in ${captureDir}\n`);
}, { timeout: 30000 });

/** What differs between a diagnosis and a scenario's expectation (an empty list when it matches). */
function problemsOf(d, want) {
  const problems = [];
  // Derived checks: a substring of the suggestion, and whether the preflight was inferred.
  const derived = { suggestion_contains: (v) => typeof d.suggestion === 'string' && d.suggestion.includes(v),
    preflight_inferred: (v) => Boolean(d.preflight && d.preflight.inferred) === v,
    // words the summary and the suggestion must not use (a navigation is explained without CORS words)
    words_lack: (v) => v.every((w) => ![d.summary, d.suggestion].some((s) => typeof s === 'string' && s.includes(w))) };
  for (const [key, value] of Object.entries(want)) {
    if (derived[key]) {
      if (!derived[key](value)) problems.push(`${key}: expected ${JSON.stringify(value)}; suggestion ${JSON.stringify(d.suggestion)}, preflight ${JSON.stringify(d.preflight)}`);
      continue;
    }
    // Servers emit Allow in no fixed order (Werkzeug builds it from a set): compare `allowed` as a set.
    const norm = (v) => (key === 'allowed' && Array.isArray(v) ? [...v].sort() : v);
    // `kind` is absent from the JSON for a fetch
    const got = key === 'kind' && d[key] === undefined ? 'fetch' : d[key];
    if (!sameValue(norm(got), norm(value))) problems.push(`${key}: why405 says ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
  }
  return problems;
}

for (const sc of scenarios) {
  test(sc.name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
    try {
      if (labError) throw labError;
      const r = await lab.capture(sc);
      const har = path.join(captureDir, `${sc.name}.har`);
      fs.writeFileSync(har, JSON.stringify(r.har, null, 2) + '\n');
      for (const w of r.warnings) t.diagnostic(`warning: ${w}`);
      const main = r.perStep[r.perStep.length - 1];
      const chromiumCors = r.chromium ? r.chromium.corsError : null;
      t.diagnostic(`chromium: ${chromiumCors || 'no CORS error'}; status ${r.summary.status}` +
        `${r.summary.preflightStatus !== null ? `, preflight ${r.summary.preflightStatus}` : ''}; page saw ${r.js.error || r.js.status}`);

      // Chromium's verdict drifted from the committed fixture? Worth knowing, not a failure of the engine.
      const fixture = path.join(LAB, '..', 'fixtures', sc.name, 'expected.json');
      if (fs.existsSync(fixture)) {
        const exp = JSON.parse(fs.readFileSync(fixture, 'utf8'));
        const was = exp.chromium ? exp.chromium.corsError : null;
        if (was !== chromiumCors) t.diagnostic(`note: the committed fixture recorded ${was}, this run's Chromium says ${chromiumCors}`);
      }

      const cli = await runCli(har);
      if (cli.code !== 0 && cli.code !== 1) {
        assert.fail(`why405 diagnose exited ${cli.code ?? cli.signal}${cli.killed ? ' (timed out)' : ''}: ${cli.stderr.trim().slice(0, 2000)}`);
      }
      let out;
      try {
        out = JSON.parse(cli.stdout);
      } catch (e) {
        assert.fail(`why405 printed no JSON (${e.message}): ${cli.stdout.slice(0, 500)}`);
      }
      const diagnoses = Array.isArray(out.diagnoses) ? out.diagnoses : [];
      // The last request with this method and URL: the scenario's own request is the last the page made.
      const d = diagnoses.filter((x) => x.method === main.method && x.url === main.url).pop();
      assert.ok(d, `no diagnosis for ${main.method} ${main.url}; got: ${diagnoses.map((x) => `${x.method} ${x.url}`).join(', ') || 'none'}`);

      const problems = [];
      const want = { ...sc.expect, cors_error: chromiumCors };
      // Now and then Chromium ends a redirected preflight before its 3xx is recorded: the capture holds the
      // preflight with status 0 and only net::ERR_INVALID_REDIRECT (fixture
      // flask_cors_trailing_slash_post_json_lost_redirect). The status and the stack were in the response the
      // HAR lost; the cause and Chromium's verdict must still match.
      if (r.summary.preflightStatus === 0 && sc.expect.cause === 'cors_preflight' && chromiumCors === 'PreflightDisallowedRedirect') {
        t.diagnostic(`note: this capture lost the preflight's response; status and stack not compared (expected ${sc.expect.status}, ${sc.expect.stack})`);
        delete want.status;
        delete want.stack;
      }
      problems.push(...problemsOf(d, want));
      // The requests made before it that the scenario expects something of (a WebSocket beside a failing fetch).
      const reqs = [...(sc.before || []), sc.request];
      reqs.forEach((req, i) => {
        if (i === reqs.length - 1 || !req.expect) return;
        const step = r.perStep[i];
        const bd = diagnoses.filter((x) => x.method === step.method && x.url === step.url).pop();
        if (!bd) problems.push(`no diagnosis for the earlier ${step.method} ${step.url}`);
        else problems.push(...problemsOf(bd, { ...req.expect, cors_error: step.corsError }).map((p) => `${step.method} ${step.url}: ${p}`));
      });
      if (problems.length) {
        assert.fail(`${main.method} ${main.url}\n  ${problems.join('\n  ')}\n  summary: ${d.summary}`);
      }
    } catch (e) {
      failures++;
      throw e;
    }
  });
}
