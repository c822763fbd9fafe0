// Firefox: the built dist/firefox installs in headless Firefox ESR (over
// WebDriver BiDi, no geckodriver). Capture in Firefox's toolbox, which BiDi
// cannot open, is tested through Marionette in firefox-capture.js.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const puppeteer = require('puppeteer-core');

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const DIST = process.env.WHY405_FIREFOX_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'firefox');

test('dist/firefox installs in headless Firefox', { skip: !existsSync(FIREFOX) && `no ${FIREFOX}` }, async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), `build the extension first: ${DIST}`);
  const profile = mkdtempSync(join(tmpdir(), 'why405-firefox-'));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile });
  try {
    const id = await browser.installExtension(DIST);
    assert.equal(id, 'why405@why405.dev');
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
});
