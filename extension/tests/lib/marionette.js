// A minimal Marionette client (Firefox's own remote protocol, port 2828 by
// default; no geckodriver): headless Firefox ESR started with -marionette
// and -remote-allow-system-access, so a test can run privileged script in
// the browser's chrome (open the DevTools toolbox for a tab, which neither
// WebDriver BiDi nor web-ext can do for a test).
//
// Wire format: "<length>:<json>"; commands [0, id, name, params], replies
// [1, id, error, result].
'use strict';

const net = require('node:net');
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

class Marionette {
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.next = 1;
    this.pending = new Map();
    this.hello = null;
    socket.on('data', (d) => this.onData(d));
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('marionette connection closed'));
      this.pending.clear();
    });
  }

  static connect(port, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const s = net.connect(port, '127.0.0.1');
        s.once('error', (e) => {
          s.destroy();
          if (Date.now() > deadline) reject(new Error(`marionette on :${port}: ${e.message}`));
          else setTimeout(attempt, 100); // polling while Firefox starts
        });
        s.once('connect', () => {
          const m = new Marionette(s);
          m.helloPromise = new Promise((r) => (m.onHello = r));
          m.helloPromise.then(() => resolve(m));
        });
      };
      attempt();
    });
  }

  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const colon = this.buf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.buf.subarray(0, colon).toString());
      if (this.buf.length < colon + 1 + len) return;
      const msg = JSON.parse(this.buf.subarray(colon + 1, colon + 1 + len).toString());
      this.buf = this.buf.subarray(colon + 1 + len);
      if (!Array.isArray(msg)) {
        this.hello = msg;
        this.onHello?.(msg);
        continue;
      }
      const [, id, error, result] = msg;
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      if (error) p.reject(new Error(`${p.name}: ${error.error}: ${error.message}`));
      else p.resolve(result);
    }
  }

  send(name, params = {}, timeoutMs = 30_000) {
    const id = this.next++;
    const body = JSON.stringify([0, id, name, params]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${name}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        name,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.socket.write(`${Buffer.byteLength(body)}:${body}`);
    });
  }

  /** Runs `script` (an async function body; `args` holds the arguments) in the current context. */
  async execute(script, args = [], timeoutMs = 30_000) {
    const body = `const args = arguments; return (async () => {\n${script}\n})();`;
    const r = await this.send('WebDriver:ExecuteScript', { script: body, args, scriptTimeout: timeoutMs }, timeoutMs + 5_000);
    return r?.value;
  }

  close() {
    this.socket.destroy();
  }
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Headless Firefox with Marionette (system access allowed) and a fresh
 * profile. Returns {marionette, close()} with a session already started.
 */
async function launchFirefox({ prefs = {}, log = () => {} } = {}) {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'why405-firefox-'));
  const all = {
    'marionette.port': port,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'extensions.autoDisableScopes': 0,
    'xpinstall.signatures.required': false,
    'devtools.toolbox.host': 'bottom',
    ...prefs,
  };
  writeFileSync(join(profile, 'user.js'), Object.entries(all).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const child = spawn(FIREFOX, ['-headless', '-no-remote', '-profile', profile, '-marionette', '-remote-allow-system-access', 'about:blank'], {
    env: { ...process.env, MOZ_HEADLESS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  const exited = new Promise((r) => child.once('exit', r));
  let marionette;
  try {
    marionette = await Marionette.connect(port);
    await marionette.send('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  } catch (e) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const close = async () => {
    await marionette.send('WebDriver:DeleteSession', {}, 5_000).catch(() => {});
    marionette.close();
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    const killed = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
    if (!killed) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  return { marionette, close, pid: child.pid };
}

module.exports = { Marionette, launchFirefox, freePort };
