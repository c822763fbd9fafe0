// Driving Chromium with the extension loaded, and reaching its DevTools
// panel. The one DevTools internal this needs lives in showExtensionPanel.
'use strict';

const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const puppeteer = require('puppeteer-core');

const { CHROMIUM, CHROMIUM_BASE_ARGS } = require('../../../tests/lab/lib/browser');

/**
 * Chromium with `extensionDirs` loaded. `autoOpenDevtools` (default): every tab opens with DevTools; without it,
 * a test opens DevTools itself (openDevtools), e.g. after the page made requests.
 */
async function launch(extensionDirs, { protocolTimeout = 30_000, autoOpenDevtools = true } = {}) {
  const dirs = extensionDirs.join(',');
  const userDataDir = mkdtempSync(join(tmpdir(), 'why405-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir,
    ignoreDefaultArgs: ['--disable-extensions'],
    protocolTimeout,
    args: [
      ...CHROMIUM_BASE_ARGS,
      `--load-extension=${dirs}`,
      `--disable-extensions-except=${dirs}`,
      ...(autoOpenDevtools ? ['--auto-open-devtools-for-tabs'] : []),
    ],
  });
  browser.once('disconnected', () => {
    try {
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      /* Chromium may still be writing its profile: leave it to the OS */
    }
  });
  return browser;
}

/** {id, name} of every loaded extension, from their service workers. */
async function extensions(browser, count, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  const workers = [];
  while (workers.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`only ${workers.length} of ${count} extension service workers started`);
    const t = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://') && !workers.includes(t),
      { timeout: left },
    );
    workers.push(t);
  }
  return Promise.all(
    workers.map(async (t) => {
      const w = await t.worker();
      // A module service worker can be listed before its global scope has `chrome`: ask again until it has
      // (bounded by the same deadline).
      let name;
      for (;;) {
        name = await w.evaluate(() => globalThis.chrome?.runtime?.getManifest?.().name);
        if (name !== undefined || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (name === undefined) throw new Error(`extension service worker ${t.url()} has no chrome.runtime`);
      return { id: new URL(t.url()).host, name };
    }),
  );
}

// One Page per DevTools target: attaching twice to the same DevTools
// window made its extension frames come and go.
const devtoolsPages = new WeakMap();
async function pageOf(target) {
  if (!devtoolsPages.has(target)) devtoolsPages.set(target, target.asPage());
  return devtoolsPages.get(target);
}

function within(promise, ms) {
  let timer;
  return Promise.race([promise.catch(() => null), new Promise((r) => (timer = setTimeout(() => r(null), ms)))]).finally(() => clearTimeout(timer));
}

/** The DevTools window (a page) of the tab showing `url`, and the extension's devtools frame in it. */
async function devtoolsFor(browser, url, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const targets = browser.targets().filter((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'));
    for (const t of targets) {
      const page = await pageOf(t);
      const frame = page.frames().find((f) => f.url().startsWith('chrome-extension://') && f.url().endsWith('/devtools.html'));
      if (!frame) continue;
      const inspected = await within(
        frame.evaluate(() => new Promise((r) => chrome.devtools.inspectedWindow.eval('location.href', (v) => r(v)))),
        2_000,
      );
      if (inspected === url) return { page, frame };
    }
    if (Date.now() > deadline) throw new Error(`no DevTools window with the why405 devtools page for ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Shows the extension's panel in a DevTools window and returns its frame.
 * DevTools internal (may change between Chromium versions): the public
 * ExtensionPanel.show() does not switch panels here; InspectorView does.
 */
async function showExtensionPanel(devtoolsPage, extensionId, timeout = 15_000) {
  const shown = await devtoolsPage.evaluate(async (prefix) => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    const pane = view.tabbedPane ?? view.tabbedPaneInternal;
    const id = pane.tabIds().find((t) => t.startsWith(prefix));
    if (!id) return null;
    await view.showPanel(id);
    return id;
  }, `chrome-extension://${extensionId}`);
  if (!shown) throw new Error('the why405 panel is not among the DevTools tabs');
  const frame = await waitForFrame(devtoolsPage, (f) => f.url() === `chrome-extension://${extensionId}/panel.html`, timeout);
  return frame;
}

/** Shows one of DevTools' own panels ('console', 'network'…): the why405 panel, if shown, is hidden. Same internal as above. */
async function showDevtoolsPanel(devtoolsPage, id) {
  const ok = await devtoolsPage.evaluate(async (id) => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    await view.showPanel(id);
    return (view.tabbedPane ?? view.tabbedPaneInternal).selectedTabId === id;
  }, id);
  if (!ok) throw new Error(`DevTools did not show its ${id} panel`);
}

async function waitForFrame(page, pred, timeout) {
  const existing = page.frames().find(pred);
  if (existing) return existing;
  return page.waitForFrame(pred, { timeout });
}

/** devtoolsFor, once the why405 capture in that DevTools window is ready (its getHAR backfill merged, within `timeout`). */
async function captureFor(browser, url, timeout = 20_000) {
  const found = await devtoolsFor(browser, url);
  await found.frame.waitForFunction(() => globalThis.why405Capture?.ready === true, { timeout, polling: 50 });
  return found;
}

/** showExtensionPanel, once the panel's wasm UI has attached to the capture (within `timeout`). */
async function openPanel(devtoolsPage, extensionId, timeout = 20_000) {
  const panel = await showExtensionPanel(devtoolsPage, extensionId);
  await panel.waitForFunction(() => globalThis.why405?.attached(), { timeout, polling: 50 });
  return panel;
}

/** Opens DevTools for a tab that has none (CDP Target.openDevTools: Chromium 156 has it, undocumented in puppeteer). */
async function openDevtools(browser, page) {
  const cdp = await browser.target().createCDPSession();
  try {
    await cdp.send('Target.openDevTools', { targetId: page.target()._targetId });
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Gives a DevTools window `width` x `height` CSS pixels: undocked (DevTools internal, as in showExtensionPanel;
 * a docked headless DevTools screenshots blank), then its viewport set (CDP Emulation on the DevTools target).
 * A panel then lays out at that width, as in a DevTools window docked to the side at that width.
 */
async function sizeDevtools(devtoolsPage, width, height) {
  await devtoolsPage.evaluate(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide('undocked');
  });
  await devtoolsPage.setViewport({ width, height });
}

/** The id of the DevTools panel shown ('sources', 'network', chrome-extension://…). Same internal as above. */
async function selectedDevtoolsPanel(devtoolsPage) {
  return devtoolsPage.evaluate(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    return (view.tabbedPane ?? view.tabbedPaneInternal).selectedTabId;
  });
}

module.exports = { openDevtools, sizeDevtools, selectedDevtoolsPanel, launch, extensions, devtoolsFor, showExtensionPanel, showDevtoolsPanel, captureFor, openPanel };
