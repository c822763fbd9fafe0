'use strict';
// Shared by the lab's captures (capture.js, firefox.js) and the extension's tests (extension/tests/lib/chromium.js):
// Debian's Chromium, the flags it needs on this closed network (PLATFORM.md), and closing a browser for sure.

const CHROMIUM = process.env.WHY405_CHROMIUM || process.env.CHROMIUM || '/usr/bin/chromium';

/** Without the background-networking flags Chromium's own connections are refused here, many at a time. */
const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Closes a puppeteer browser, killing its process if it has not gone within 5 s. */
async function closeBrowser(b) {
  if (!b) return;
  await Promise.race([b.close(), new Promise((r) => setTimeout(r, 5000))]);
  try {
    b.process() && b.process().kill('SIGKILL');
  } catch {
    /* gone */
  }
}

module.exports = { CHROMIUM, CHROMIUM_BASE_ARGS, closeBrowser };
