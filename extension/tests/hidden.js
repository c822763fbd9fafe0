// The panel receives live entries while it is not rendered: its DevTools
// window docked in a tab that another tab hides (Chromium's auto-opened
// DevTools can leave the inspected tab behind another one). Such a frame gets
// no animation frames, and entries batched per animation frame used to wait
// for one for ever (seen as every e2e-lab scenario's panel holding 0 entries).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { join, resolve } = require('node:path');
const { launch, extensions, captureFor, openPanel } = require('./lib/chromium');
const { pageServer } = require('./lib/servers');

const DIST = process.env.WHY405_DIST ?? join(resolve(__dirname, '..', '..'), 'dist', 'chrome');
const WAIT = 20_000;

test('a panel that is not rendered still receives live entries', { timeout: 90_000 }, async () => {
  const app = await pageServer();
  const browser = await launch([DIST]);
  try {
    const [ext] = await extensions(browser, 1);
    const page = await browser.newPage();
    await page.goto(`${app.origin}/hidden`);
    const { page: devtools } = await captureFor(browser, `${app.origin}/hidden`, WAIT);
    const panel = await openPanel(devtools, ext.id, WAIT);
    const other = await browser.newPage();
    await other.bringToFront();
    assert.equal(await panel.evaluate(() => document.visibilityState), 'hidden', 'the panel is not rendered');
    const before = await panel.evaluate(() => Number(document.querySelector('.why405')?.dataset.received ?? 0));
    await page.evaluate(async (o) => {
      for (let i = 0; i < 5; i++) await fetch(`${o}/hidden-${i}`).catch(() => {});
    }, app.origin);
    await panel.waitForFunction(
      (n) => Number(document.querySelector('.why405')?.dataset.received) >= n,
      { timeout: WAIT, polling: 100 },
      before + 5,
    );
  } finally {
    await browser.close();
    app.server.close();
  }
});
