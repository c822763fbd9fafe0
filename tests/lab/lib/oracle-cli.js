#!/usr/bin/env node
'use strict';
// A stand-in for the why405 CLI that checks the lab harness itself (not the engine): it answers
// `diagnose FILE.har --format json [--all]` from the committed tests/fixtures/<case>/expected.json, found through
// the `case=` query parameter of the HAR's URLs. `WHY405_BIN=tests/lab/lib/oracle-cli.js node tests/lab/live-test.js`
// must pass whenever captures, URLs and Chromium's verdicts are what the fixtures recorded.
const fs = require('fs');
const path = require('path');

const [cmd, file] = process.argv.slice(2);
if (cmd !== 'diagnose' || !file) {
  process.stderr.write('usage: oracle-cli.js diagnose FILE.har --format json\n');
  process.exit(2);
}
let har;
try {
  har = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  process.stderr.write(`unreadable HAR: ${e.message}\n`);
  process.exit(2);
}
const diagnoses = [];
const seen = new Set();
for (const e of har.log.entries) {
  const m = /[?&]case=([^&#]+)/.exec(e.request.url);
  if (!m || seen.has(m[1])) continue;
  seen.add(m[1]);
  const exp = path.join(__dirname, '..', '..', 'fixtures', decodeURIComponent(m[1]), 'expected.json');
  if (!fs.existsSync(exp)) continue;
  for (const x of JSON.parse(fs.readFileSync(exp, 'utf8')).expect) {
    diagnoses.push({ status: null, allowed: null, stack: null, needs_probe: false, ...x, summary: 'oracle', fix: null, evidence: [] });
  }
}
process.stdout.write(JSON.stringify({ diagnoses, warnings: [] }, null, 2) + '\n');
process.exit(diagnoses.some((d) => d.cause !== 'not_method_related' || d.cors_error) ? 1 : 0);
