// The standalone page (dist/www) in headless Chromium: load fixture HARs
// through the file input, check the diagnosis shown against the CLI's, click
// every export, check what was downloaded or copied (same as the CLI's, no
// planted secret anywhere), refuse bad input clearly, and record every
// request: none may leave the page's own files.
//   WHY405_BIN=target/debug/why405 node --test www/tests/www.js
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, fixture, launch, loadThroughInput, openPage, plantedSecrets, waitLoaded } from './harness.mjs';

const SECRETS = 'express_secrets_bearer_put_preflight';
// Different causes: CORS preflight (with planted secrets), catch-all OPTIONS,
// method mismatch, redirect that changed the method, a server rule (403).
const FIXTURES = [SECRETS, 'slim_catchall_options_put_missing_route', 'flask_cors_put_get_only_route', 'express_post_redirect_302', 'nginx_limit_except_post_403'];
// The page's own files: the only URLs it may request.
const ASSETS = ['/', '/panel.css', '/www.css', '/www.js', '/worker.js', '/boot.js', '/pkg/why405_ui.js', '/pkg/why405_ui_bg.wasm'];

let h;
const tmp = mkdtempSync(join(tmpdir(), 'why405-www-test-'));
before(async () => {
  h = await launch();
});
after(async () => {
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function failing(json) {
  return json.diagnoses.filter((d) => d.failed || d.problem || d.needs_probe);
}

/** Every request was for the served origin's own files (blob: downloads are local). */
function assertNoRequestLeft(requests) {
  assert.ok(requests.length >= ASSETS.length - 1, `requests recorded: ${requests.join(', ')}`);
  for (const u of requests) {
    if (u.startsWith(`blob:${h.origin}/`)) continue;
    const url = new URL(u);
    assert.equal(url.origin, h.origin, `a request left the page: ${u}`);
    assert.ok(ASSETS.includes(url.pathname), `not one of the page's files: ${u}`);
  }
}

const copied = (page) => page.evaluate(() => window.__copied.slice());

test('fixture HARs: the diagnosis shown and every export match the CLI; no secret leaks; no request leaves the page', async () => {
  const leaks = [];
  for (const name of FIXTURES) {
    // A tab per file, as a person would use it (and Chrome's limit on
    // automatic downloads counts per tab).
    const { page, requests } = await openPage(h);
    const file = fixture(name);
    const cliJson = JSON.parse(cli(file, '--format', 'json').stdout);
    const expected = failing(cliJson);
    assert.ok(expected.length > 0, `${name}: the CLI finds a failing request`);
    assert.equal(await loadThroughInput(page, file), 'ready', name);

    // The list: one row per failing request, in order, with method, status, cause.
    const rows = await page.$$eval('.row', (rs) =>
      rs.map((r) => ({ cause: r.dataset.cause, method: r.querySelector('[data-field=method]').textContent, status: r.querySelector('[data-field=status]').firstChild?.textContent ?? '' })),
    );
    assert.equal(rows.length, expected.length, `${name}: rows`);
    rows.forEach((r, i) => {
      assert.equal(r.cause, expected[i].cause, `${name}: cause of row ${i}`);
      assert.equal(r.method, expected[i].method, `${name}: method of row ${i}`);
      assert.equal(r.status, expected[i].status === 0 ? 'no response' : String(expected[i].status), `${name}: status of row ${i}`);
    });
    // The detail: headline and cause badge.
    await page.click('.row');
    await page.waitForSelector('.detail [data-field=summary]', { timeout: 5000 });
    const detail = await page.$eval('.detail', (d) => ({ cause: d.dataset.cause, headline: d.querySelector('[data-field=summary]').textContent, badge: d.querySelector('.cause-title .badge').className }));
    assert.equal(detail.cause, expected[0].cause, name);
    assert.equal(detail.headline, expected[0].summary, `${name}: headline`);
    assert.ok(detail.badge.includes(`cause-${expected[0].cause}`), detail.badge);

    // Downloads.
    const json = await h.download(page, '[data-action=export-json]');
    assert.equal(json.name, 'why405.json');
    assert.deepEqual(JSON.parse(json.text), cliJson, `${name}: JSON export = why405 diagnose --format json`);
    const md = await h.download(page, '[data-action=export-markdown]');
    const cliMd = cli(file, '--format', 'markdown').stdout;
    assert.equal(md.text.trimEnd(), cliMd.trimEnd(), `${name}: Markdown export = --format markdown`);
    const har = await h.download(page, '[data-action=export-har]');
    const cliHar = JSON.parse(cli(file, '--format', 'har').stdout);
    assert.deepEqual(JSON.parse(har.text), cliHar, `${name}: HAR export = --format har`);
    assert.equal(JSON.parse(har.text).log.version, '1.2');

    // Clipboard: the report, the cURL of all failing requests, of the open one.
    const n0 = (await copied(page)).length;
    await page.click('.toolbar [data-action=copy-markdown]');
    await page.click('.toolbar [data-action=copy-curl]');
    await page.click('.detail [data-action=copy-curl]');
    await page.waitForFunction((n) => window.__copied.length >= n + 3, { timeout: 5000 }, n0);
    const [cMd, cCurl, cOne] = (await copied(page)).slice(n0);
    assert.equal(cMd.trimEnd(), cliMd.trimEnd(), `${name}: copied Markdown`);
    assert.equal(cCurl.trimEnd(), cli(file, '--format', 'curl').stdout.trimEnd(), `${name}: copied cURL`);
    assert.ok(cOne.includes('curl -i -X'), cOne);
    const preview = await page.$eval('.export-preview pre', (p) => p.textContent);
    assert.equal(preview, cOne, 'the preview shows what was copied');

    for (const s of plantedSecrets(name)) {
      for (const [what, text] of [['json', json.text], ['markdown', md.text], ['har', har.text], ['copied markdown', cMd], ['copied curl', cCurl], ['copied curl (one)', cOne], ['preview', preview]]) {
        if (text.includes(s)) leaks.push(`${name} ${what}: ${s.slice(0, 12)}…`);
      }
    }
    assertNoRequestLeft(requests);
    await page.close();
  }
  assert.deepEqual(leaks, [], 'no planted secret in any export');
  assert.ok(plantedSecrets(SECRETS).length >= 5, 'the secrets fixture lists its secrets');
});

test('"Include secrets" is off by default, warns when on, applies to one export only', async () => {
  const { page, requests } = await openPage(h);
  const secrets = plantedSecrets(SECRETS);
  await loadThroughInput(page, fixture(SECRETS));
  const box = '[data-action=include-secrets]';
  assert.equal(await page.$eval(box, (b) => b.checked), false);
  assert.equal(await page.$('.secrets-warning'), null, 'no warning while off');
  await page.click(box);
  await page.waitForSelector('.secrets-warning', { timeout: 5000 });
  const md = await h.download(page, '[data-action=export-markdown]');
  assert.ok(secrets.some((s) => md.text.includes(s)), 'with the box ticked the export holds the secrets');
  assert.match(md.text, /Redaction \| \*\*off\*\*/);
  await page.waitForFunction((sel) => !document.querySelector(sel).checked, { timeout: 5000 }, box);
  assert.equal(await page.$('.secrets-warning'), null, 'the warning goes with the box');
  const again = await h.download(page, '[data-action=export-markdown]');
  assert.ok(!secrets.some((s) => again.text.includes(s)), 'the next export is redacted again');
  // The same diagnosis with and without redaction.
  await page.click(box);
  const open = await h.download(page, '[data-action=export-json]');
  const closed = await h.download(page, '[data-action=export-json]');
  const verdicts = (t) => JSON.parse(t).diagnoses.map((d) => [d.method, d.cause, d.status, d.cors_error, d.stack]);
  assert.deepEqual(verdicts(open.text), verdicts(closed.text));
  assertNoRequestLeft(requests);
  await page.close();
});

/** The rows shown, as text (method, status, cause, path). */
const shownRows = (page) => page.$$eval('.row', (rs) => rs.map((r) => `${r.dataset.cause} ${r.textContent}`));

test('files are read in the page\'s worker; without one, or when it fails, on the page: the same rows', async () => {
  const name = 'slim_catchall_options_put_missing_route';
  const expected = failing(JSON.parse(cli(fixture(name), '--format', 'json').stdout));
  // With the worker.
  const { page, requests } = await openPage(h);
  assert.equal(await loadThroughInput(page, fixture(name)), 'ready');
  assert.equal(await page.evaluate(() => window.__workerLoads), 1, 'the file went to the worker');
  const rows = await shownRows(page);
  assert.equal(rows.length, expected.length);
  assert.ok(rows.every((r, i) => r.startsWith(`${expected[i].cause} `)), rows.join('\n'));
  // The worker breaks as the next file is handed to it: the page reads it itself.
  const warnings = [];
  page.on('console', (m) => warnings.push(m.text()));
  await page.evaluate(() => {
    const w = window.__workers[0];
    w.postMessage = (data) => {
      if (data?.blob) setTimeout(() => w.onerror?.(new Event('error')), 0);
    };
  });
  assert.equal(await loadThroughInput(page, fixture(name)), 'ready');
  assert.deepEqual(await shownRows(page), rows, 'a broken worker: the same rows');
  assert.equal(await page.evaluate(() => window.__workerLoads), 1, 'the second file never reached the worker');
  assert.ok(warnings.some((w) => w.includes('reading it on the page')), warnings.join('\n'));
  assertNoRequestLeft(requests);
  await page.close();
  // A browser without workers.
  const bare = await openPage(h, { worker: false });
  assert.match(bare.worker, /^unavailable/);
  assert.equal(await loadThroughInput(bare.page, fixture(name)), 'ready');
  assert.deepEqual(await shownRows(bare.page), rows, 'no worker: the same rows');
  await bare.page.close();
});

test('a file chosen while another is still loading replaces it', async () => {
  // A bigger file (the fixture's entries many times over) that is still being read.
  const big = JSON.parse(readFileSync(fixture(SECRETS), 'utf8'));
  big.log.entries = Array.from({ length: 4000 }, () => big.log.entries).flat();
  const bigFile = join(tmp, 'big.har');
  writeFileSync(bigFile, JSON.stringify(big, null, 1));
  const name = 'flask_cors_put_get_only_route';
  const expected = failing(JSON.parse(cli(fixture(name), '--format', 'json').stdout));
  const { page } = await openPage(h);
  const input = await page.waitForSelector('[data-action="open-har"]', { timeout: 5000 });
  await input.uploadFile(bigFile);
  await page.waitForSelector('.why405[data-load="loading"]', { timeout: 10000 });
  assert.equal(await loadThroughInput(page, fixture(name)), 'ready');
  assert.equal(await page.$eval('.file-name', (e) => e.textContent), 'input.har', 'the second file, not big.har');
  const rows = await shownRows(page);
  assert.equal(rows.length, expected.length);
  assert.ok(rows.every((r, i) => r.startsWith(`${expected[i].cause} `)), rows.join('\n'));
  assert.equal(await page.evaluate(() => window.__workerLoads), 2);
  await page.close();
});

test('bad input is refused with a clear message and the page stays usable; pasted JSON works', async () => {
  const { page, requests } = await openPage(h);
  const good = readFileSync(fixture(SECRETS), 'utf8');
  const cases = {
    'truncated.har': good.slice(0, Math.floor(good.length / 2)),
    'notjson.har': 'this is not JSON\n',
    'nothar.json': '{"hello": "world"}\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = join(tmp, name);
    writeFileSync(file, text);
    assert.equal(await loadThroughInput(page, file), 'error', name);
    const shown = await page.$eval('[data-field=load-error]', (e) => e.textContent);
    const { stderr, code } = cli(file, '--format', 'json');
    assert.equal(code, 2, `${name}: the CLI refuses it too`);
    const message = stderr.replace(/^why405: .*? is not a readable HAR: /, '').trim();
    assert.equal(shown, `Could not read this file: ${message}`, name);
    if (name === 'truncated.har') assert.match(shown, /line \d+, column \d+/);
    assert.equal(await page.$$eval('.row', (r) => r.length), 0);
  }
  // Still usable: a good file after the bad ones.
  assert.equal(await loadThroughInput(page, fixture('flask_cors_put_get_only_route')), 'ready');
  assert.ok((await page.$$eval('.row', (r) => r.length)) > 0);
  // Pasted JSON.
  await page.click('[data-action=show-paste]');
  await page.$eval('[data-action=paste-har]', (t, v) => {
    t.value = v;
  }, good);
  await page.evaluate(() => {
    window.why405.last = null;
  });
  await page.click('[data-action=load-pasted]');
  assert.equal(await waitLoaded(page, 20000), 'ready');
  assert.equal(await page.$eval('.file-name', (e) => e.textContent), 'pasted JSON');
  const expected = failing(JSON.parse(cli(fixture(SECRETS), '--format', 'json').stdout));
  assert.equal(await page.$$eval('.row', (r) => r.length), expected.length);
  assert.equal(await page.$eval('.row', (r) => r.dataset.cause), expected[0].cause);
  assertNoRequestLeft(requests);
  await page.close();
});
