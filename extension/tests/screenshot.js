// The README's screenshots of the why405 panel: Chromium with dist/chrome loaded and DevTools open on a page
// that runs a few of the lab's real scenarios (real Slim, Flask and FastAPI servers), the panel showing all
// requests. Four pictures, at the two widths the panel is laid out for (issue 14) and in both themes:
//   docs/panel-400-light.png   DevTools 400 px wide (docked to the side): the list, every column kept
//   docs/panel-400-dark.png    the same width, the Slim PUT's detail over the list (Back, or Escape)
//   docs/panel-1280-light.png  DevTools 1,280 px wide: the list and the Slim PUT's detail beside it
//   docs/panel-1280-dark.png   the same, dark
//   node extension/tests/screenshot.js [OUT_DIR]     (after ./build.sh extension and bash tests/lab/setup.sh)
// DevTools is undocked (a docked headless DevTools screenshots blank) and sized by CDP Emulation on its target
// (lib/chromium.js sizeDevtools); the dark theme is DevTools' own, from an emulated prefers-color-scheme: dark.
'use strict';

const { existsSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { launch, extensions, captureFor, openPanel, sizeDevtools } = require('./lib/chromium');

const ROOT = resolve(__dirname, '..', '..');
const LAB = join(ROOT, 'tests', 'lab');
const { loadServers, loadScenarios, ServerManager } = require(join(LAB, 'lib', 'servers'));
const { startOrigin } = require(join(LAB, 'lib', 'origin'));
const { stepsOf } = require(join(LAB, 'lib', 'capture'));

const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs'));
const DIST = join(ROOT, 'dist', 'chrome');
const SCENARIOS = [
  'flask_nocors_put_json',
  'fastapi_plain_post_text_get_only_route',
  'flask_cors_get_ok',
  'slim_catchall_options_put_missing_route',
];
const SHOTS = [
  { width: 400, theme: 'light', detail: false },
  { width: 400, theme: 'dark', detail: true },
  { width: 1280, theme: 'light', detail: true },
  { width: 1280, theme: 'dark', detail: true },
];
const HEIGHT = 800;
const WAIT = 20_000;

/**
 * One picture: a new browser (a fresh CORS preflight cache: every picture shows the same exchanges), its DevTools
 * at `width` in `theme`, the scenarios run, the panel shown.
 */
async function shoot(origin, scenarios, { width, theme, detail }) {
  const browser = await launch([DIST]);
  try {
    await picture(browser, origin, scenarios, { width, theme, detail });
  } finally {
    await browser.close();
  }
}

async function picture(browser, origin, scenarios, { width, theme, detail }) {
  const [ext] = await extensions(browser, 1);
  const page = await browser.newPage();
  await page.goto(origin.url);
  const { page: devtools } = await captureFor(browser, page.url(), WAIT);
  // The tab opened its DevTools while loading: load it again with DevTools open (no "made before DevTools" notice).
  await page.reload();
  await devtools.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
  await sizeDevtools(devtools, width, HEIGHT);
  for (const name of SCENARIOS) {
    const sc = scenarios.find((s) => s.name === name);
    await page.evaluate((steps) => window.labRun(steps, 10_000), stepsOf(sc));
  }
  const panel = await openPanel(devtools, ext.id, WAIT);
  // The panel follows DevTools' theme (themeName); set it too, in case this DevTools reports its default.
  await panel.evaluate((t) => window.why405.panel.setTheme(t), theme);
  await panel.waitForFunction((t) => document.querySelector('.why405')?.dataset.theme === t, { timeout: WAIT, polling: 50 }, theme);
  // DOM clicks: puppeteer's click() in a DevTools extension frame can hang (see e2e-lab.js).
  await panel.evaluate(() => document.querySelector('[data-action=filter-all]').click());
  await panel.waitForFunction((n) => document.querySelectorAll('.row').length >= n, { timeout: WAIT, polling: 50 }, SCENARIOS.length);
  await panel.waitForSelector('.row[data-cause=catch_all_options]', { timeout: WAIT });
  if (detail) {
    await panel.evaluate(() => document.querySelector('.row[data-cause=catch_all_options]').click());
    await panel.waitForSelector('.detail [data-field=summary]', { timeout: WAIT });
  }
  // As after a mouse click: no keyboard focus ring (a scripted click focuses the list as a keyboard would).
  await panel.evaluate(() => document.activeElement?.blur());
  const out = join(OUT, `panel-${width}-${theme}.png`);
  await devtools.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
}

async function main() {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('build the extension first: ./build.sh extension');
  mkdirSync(OUT, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'why405-shot-'));
  const servers = loadServers();
  const scenarios = loadScenarios(servers, SCENARIOS);
  const needed = new Set(scenarios.map((s) => s.server));
  const manager = new ServerManager(runDir, { log: () => {} });
  let origin;
  try {
    await manager.startAll(servers.filter((s) => needed.has(s.name)));
    origin = await startOrigin(7100);
    for (const shot of SHOTS) await shoot(origin, scenarios, shot);
  } finally {
    origin?.close();
    await manager.stopAll();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
