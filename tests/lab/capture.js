#!/usr/bin/env node
'use strict';
// ./build.sh fixtures [--only NAME,…]  — capture tests/fixtures/<scenario>/{input.har,expected.json} from the lab:
// real servers on loopback, real headless Chromium, DevTools-shaped HARs, Chromium's own CORS verdicts.
// --only takes scenario names and/or server names (all of that server's scenarios).
const fs = require('fs');
const path = require('path');
const { LabSession, parseOnly } = require('./lib/run');
const { LAB } = require('./lib/servers');
const { FirefoxCapture } = require('./lib/firefox');

const FIXTURES = path.resolve(LAB, '..', 'fixtures');

function expectedJson(scenario, result) {
  const reqs = [...(scenario.before || []), scenario.request];
  const expect = [];
  reqs.forEach((r, i) => {
    const e = i === reqs.length - 1 ? scenario.expect : r.expect;
    if (!e) return;
    const step = result.perStep[i];
    const { cause, ...rest } = e;
    expect.push({ method: step.method, url: step.url, cause, cors_error: step.corsError, ...rest });
  });
  return {
    scenario: scenario.what || scenario.name,
    chromium: result.chromium,
    js: result.js,
    ...(result.jsBefore.length ? { js_before: result.jsBefore } : {}),
    expect,
  };
}

function table(rows) {
  const head = ['scenario', 'chromium corsError', 'preflight', 'status', 'page saw'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  return all.map((r) => r.map((c, i) => String(c).padEnd(w[i])).join('  ')).join('\n');
}

async function main() {
  const only = parseOnly(process.argv.slice(2));
  const t0 = Date.now();
  const lab = await LabSession.open({ only, kind: 'fixtures' });
  const rows = [];
  let failed = 0;
  const chromiumResults = new Map();
  try {
    for (const sc of lab.scenarios) {
      const t = Date.now();
      try {
        const r = await lab.capture(sc);
        chromiumResults.set(sc.name, r);
        for (const w of r.warnings) process.stderr.write(`  warning: ${sc.name}: ${w}\n`);
        const dir = path.join(FIXTURES, sc.name);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'input.har'), JSON.stringify(r.har, null, 2) + '\n');
        fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expectedJson(sc, r), null, 2) + '\n');
        const js = r.js.error ? r.js.error : `${r.js.status}${r.js.redirected ? ' (redirected)' : ''}`;
        rows.push([sc.name, r.chromium ? r.chromium.corsError : '-', r.summary.preflightStatus ?? '-', r.summary.status, js]);
        process.stderr.write(`  captured ${sc.name} (${Date.now() - t} ms)\n`);
      } catch (e) {
        failed++;
        rows.push([sc.name, 'CAPTURE FAILED', '', '', e.message.split('\n')[0]]);
        process.stderr.write(`  FAILED ${sc.name}: ${e.stack || e}\n`);
      }
    }
    // Firefox-shaped HARs for the scenarios marked "firefox": true (same servers, same scenario).
    const ffScenarios = lab.scenarios.filter((s) => s.firefox && chromiumResults.has(s.name));
    if (ffScenarios.length && !FirefoxCapture.available()) {
      process.stderr.write('  firefox-esr is not installed: no Firefox-shaped fixtures\n');
    } else if (ffScenarios.length) {
      const ff = await FirefoxCapture.launch({ tmpDir: lab.runDir });
      process.stderr.write(`Firefox ${ff.version} (WebDriver BiDi)\n`);
      try {
        for (const sc of ffScenarios) {
          const name = `${sc.name}_firefox`;
          try {
            const r = await ff.capture(sc, lab.origin.url);
            const chromium = expectedJson(sc, chromiumResults.get(sc.name));
            const dir = path.join(FIXTURES, name);
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, 'input.har'), JSON.stringify(r.har, null, 2) + '\n');
            fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify({
              scenario: `${chromium.scenario} — captured with Firefox ${ff.version}; cors_error is Chromium's verdict on the same scenario`,
              browser: 'firefox',
              chromium: null,
              js: r.js,
              // (a scenario's "firefox_expect" overrides what Firefox's HAR cannot show: a beacon is a no-cors POST there)
              expect: chromium.expect.map((e, i, all) => (i === all.length - 1 ? { ...e, ...(sc.firefox_expect || {}) } : e)),
            }, null, 2) + '\n');
            const methods = r.har.log.entries.map((e) => `${e.request.method} ${e.response.status}`).join(', ');
            rows.push([name, '(firefox)', '', methods, r.js.error ? r.js.error : r.js.status]);
            process.stderr.write(`  captured ${name}\n`);
          } catch (e) {
            failed++;
            rows.push([name, 'CAPTURE FAILED', '', '', e.message.split('\n')[0]]);
            process.stderr.write(`  FAILED ${name}: ${e.stack || e}\n`);
          }
        }
      } finally {
        await ff.close();
      }
    }
  } finally {
    await lab.close({ keep: failed > 0 });
  }
  console.log(table(rows));
  const known = new Set(lab.scenarios.map((s) => s.name));
  if (!only.length && fs.existsSync(FIXTURES)) {
    const stale = fs.readdirSync(FIXTURES).filter((d) => !known.has(d) && !d.endsWith('_firefox') &&
      fs.existsSync(path.join(FIXTURES, d, 'input.har')));
    if (stale.length) console.log(`\nfixture folders without a scenario (left alone): ${stale.join(', ')}`);
  }
  console.log(`\n${rows.length - failed} captured, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), FIXTURES)}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`capture: ${e.stack || e}\n`);
  process.exit(1);
});
