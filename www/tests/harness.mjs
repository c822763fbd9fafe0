// Shared by the web page's tests: serve dist/www on loopback, launch headless
// Chromium, record every request the page makes, capture downloads and
// clipboard writes, and run the CLI for the expected answers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
const require = createRequire(join(ROOT, 'extension', 'package.json'));
const puppeteer = require('puppeteer-core');

export const DIST = process.env.WHY405_WWW ?? join(ROOT, 'dist', 'www');
export const BIN = process.env.WHY405_BIN ?? join(ROOT, 'target', 'debug', 'why405');
export const fixture = (name) => join(ROOT, 'tests', 'fixtures', name, 'input.har');

/** `why405 diagnose FILE --format F` → { stdout, stderr, code }. */
export function cli(file, ...args) {
  try {
    const stdout = execFileSync(BIN, ['diagnose', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.status };
  }
}

/** The planted secrets of an express lab scenario (scenarios.json "secrets"). */
export function plantedSecrets(name) {
  const all = JSON.parse(readFileSync(join(ROOT, 'tests', 'lab', 'servers', 'express', 'scenarios.json'), 'utf8'));
  return all.find((s) => s.name === name)?.secrets ?? [];
}

export async function launch() {
  const server = await serve(DIST, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), 'why405-www-profile-'));
  const downloads = mkdtempSync(join(tmpdir(), 'why405-www-dl-'));
  // Many exports from one page in a few seconds: allow automatic downloads
  // (Chrome's limiter would otherwise hold back all but the first).
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { automatic_downloads: 1 } } }));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
  const bcdp = await browser.target().createCDPSession();
  await bcdp.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: downloads, eventsEnabled: true });
  const done = new Map();
  const waiting = new Map();
  bcdp.on('Browser.downloadWillBegin', (e) => done.set(e.guid, { name: e.suggestedFilename, state: 'started' }));
  bcdp.on('Browser.downloadProgress', (e) => {
    if (e.state === 'completed' || e.state === 'canceled') {
      const d = done.get(e.guid) ?? {};
      d.state = e.state;
      done.set(e.guid, d);
      waiting.get(e.guid)?.();
    }
  });
  const close = async () => {
    await browser.close().catch(() => {});
    server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  };
  return {
    browser,
    origin,
    close,
    /** Clicks `selector` and resolves to {name, text} of the download it starts (bounded). */
    async download(page, selector, timeout = 15000) {
      const guid = await new Promise((ok, fail) => {
        const on = (e) => {
          clearTimeout(timer);
          bcdp.off('Browser.downloadWillBegin', on);
          ok(e.guid);
        };
        const timer = setTimeout(async () => {
          bcdp.off('Browser.downloadWillBegin', on);
          const status = await page.$eval('.status', (e) => e.textContent).catch(() => '(no status)');
          fail(new Error(`no download after clicking ${selector} (the page says: ${status})`));
        }, timeout);
        bcdp.on('Browser.downloadWillBegin', on);
        page.click(selector).catch(fail);
      });
      if (done.get(guid)?.state !== 'completed') {
        await new Promise((ok, fail) => {
          const timer = setTimeout(() => fail(new Error(`download of ${selector} did not complete`)), timeout);
          waiting.set(guid, () => {
            clearTimeout(timer);
            ok();
          });
          if (done.get(guid)?.state === 'completed') waiting.get(guid)();
        });
      }
      return { name: done.get(guid).name, text: readFileSync(join(downloads, guid), 'utf8') };
    },
    downloadsSeen: () => readdirSync(downloads).length,
  };
}

/**
 * A page of the served site, with every request it makes recorded (CDP
 * Network.requestWillBeSent, which also sees requests made by workers and
 * blocked ones) and clipboard writes captured.
 */
export async function openPage(h, { worker = true } = {}) {
  const page = await h.browser.newPage();
  const requests = [];
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => requests.push(e.request.url));
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => m.type() === 'warn' && console.error('page warning:', m.text()));
  await page.evaluateOnNewDocument((worker) => {
    window.__copied = [];
    const writeText = async (t) => {
      window.__copied.push(String(t));
    };
    Object.defineProperty(navigator, 'clipboard', { configurable: true, get: () => ({ writeText }) });
    // A browser without workers: the page reads files on its own thread.
    // Otherwise the page's workers are recorded (window.__workers), and the
    // files handed to them counted (window.__workerLoads).
    if (!worker) {
      window.Worker = undefined;
    } else {
      const Real = window.Worker;
      window.__workers = [];
      window.__workerLoads = 0;
      window.Worker = class extends Real {
        constructor(...args) {
          super(...args);
          window.__workers.push(this);
        }
        postMessage(data, ...rest) {
          if (data?.blob) window.__workerLoads += 1;
          return super.postMessage(data, ...rest);
        }
      };
    }
  }, worker);
  await page.goto(`${h.origin}/`, { waitUntil: 'load', timeout: 20000 });
  await page.waitForSelector('.why405[data-load="idle"]', { timeout: 20000 });
  // The file-reading worker settled (started, or known not to).
  await page.waitForFunction(() => window.why405?.worker && window.why405.worker !== 'starting', { polling: 20, timeout: 20000 });
  const state = await page.evaluate(() => window.why405.worker);
  if (worker && state !== 'ready') throw new Error(`the page's worker did not start: ${state}`);
  return { page, requests, worker: state };
}

/**
 * For the page's benchmark scripts: runs `fn(h)` with a launched browser and
 * exits with its code (0 when it returns nothing), 2 when it throws.
 */
export async function runWithBrowser(fn) {
  const h = await launch();
  let code;
  try {
    code = (await fn(h)) ?? 0;
  } catch (e) {
    console.error(e);
    code = 2;
  } finally {
    await h.close();
  }
  process.exit(code);
}

/** Loads `file` through the page's file input; resolves when it is diagnosed (or refused). */
export async function loadThroughInput(page, file, timeout = 60000) {
  const input = await page.waitForSelector('[data-action="open-har"]', { timeout: 5000 });
  await page.evaluate(() => {
    window.why405.last = null;
  });
  await input.uploadFile(file);
  return waitLoaded(page, timeout);
}

/** Waits for the page's host to hear that a load ended; 'ready' or 'error'. */
export async function waitLoaded(page, timeout = 60000) {
  await page.waitForFunction(() => window.why405.last !== null, { timeout });
  return page.$eval('.why405', (e) => e.dataset.load);
}
