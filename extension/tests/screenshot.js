// The README's screenshot of the why405 panel: Chromium with dist/chrome loaded and DevTools open on a page
// that runs a few of the lab's real scenarios (real Slim, Flask and FastAPI servers), the panel showing all
// requests and the detail of the Slim catch-all OPTIONS 405.
//   node extension/tests/screenshot.js [OUT.png]     (after ./build.sh extension and bash tests/lab/setup.sh)
'use strict';

const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launch, extensions, captureFor, openPanel } = require('./lib/chromium');

const ROOT = resolve(__dirname, '..', '..');
const LAB = join(ROOT, 'tests', 'lab');
const { loadServers, loadScenarios, ServerManager } = require(join(LAB, 'lib', 'servers'));
const { startOrigin } = require(join(LAB, 'lib', 'origin'));
const { stepsOf } = require(join(LAB, 'lib', 'capture'));

const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs', 'panel.png'));
const DIST = join(ROOT, 'dist', 'chrome');
const SCENARIOS = [
  'flask_nocors_put_json',
  'fastapi_plain_post_text_get_only_route',
  'flask_cors_get_ok',
  'slim_catchall_options_put_missing_route',
];
const WAIT = 20_000;

async function main() {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('build the extension first: ./build.sh extension');
  const runDir = mkdtempSync(join(tmpdir(), 'why405-shot-'));
  const servers = loadServers();
  const scenarios = loadScenarios(servers, SCENARIOS);
  const needed = new Set(scenarios.map((s) => s.server));
  const manager = new ServerManager(runDir, { log: () => {} });
  let origin, browser;
  try {
    await manager.startAll(servers.filter((s) => needed.has(s.name)));
    origin = await startOrigin(7100);
    browser = await launch([DIST]);
    const [ext] = await extensions(browser, 1);
    const page = await browser.newPage();
    await page.goto(origin.url);
    const { page: devtools } = await captureFor(browser, page.url(), WAIT);
    for (const name of SCENARIOS) {
      const sc = scenarios.find((s) => s.name === name);
      await page.evaluate((steps) => window.labRun(steps, 10_000), stepsOf(sc));
    }
    // DevTools internal (screenshot only): undock, so the panel gets the whole window.
    await devtools.evaluate(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      UI.DockController.DockController.instance().setDockSide('undocked');
    }).catch(() => {});
    await devtools.setViewport({ width: 1280, height: 800 });
    const panel = await openPanel(devtools, ext.id, WAIT);
    // DOM clicks: puppeteer's click() in a DevTools extension frame can hang (see e2e-lab.js).
    await panel.evaluate(() => document.querySelector('[data-action=filter-all]').click());
    await panel.waitForFunction((n) => document.querySelectorAll('.row').length >= n, { timeout: WAIT, polling: 50 }, SCENARIOS.length);
    await panel.waitForSelector('.row[data-cause=catch_all_options]', { timeout: WAIT });
    await panel.evaluate(() => document.querySelector('.row[data-cause=catch_all_options]').click());
    await panel.waitForSelector('.detail [data-field=summary]', { timeout: WAIT });
    await devtools.screenshot({ path: OUT });
    process.stdout.write(`wrote ${OUT}\n`);
  } finally {
    await browser?.close();
    origin?.close();
    await manager.stopAll();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
