'use strict';
// Shared by capture.js and live-test.js: one lab session = the servers the selected scenarios need, the page
// origin, and one headless Chromium. Everything is torn down by close() (and by the ServerManager's exit hooks).
const fs = require('fs');
const path = require('path');
const { LAB, loadServers, loadScenarios, ServerManager } = require('./servers');
const { startOrigin } = require('./origin');
const { ChromiumCapture } = require('./capture');

const ORIGIN_PORT = 7100;

function parseOnly(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') out.push(...String(argv[++i] || '').split(','));
    else if (a.startsWith('--only=')) out.push(...a.slice(7).split(','));
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

function newRunDir(kind) {
  const base = path.join(LAB, 'tmp');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${kind}-`));
}

class LabSession {
  static async open({ only = [], kind = 'run', log = (m) => process.stderr.write(m + '\n') } = {}) {
    const s = new LabSession();
    s.log = log;
    s.runDir = newRunDir(kind);
    const servers = loadServers();
    s.scenarios = loadScenarios(servers, only);
    const needed = new Set(s.scenarios.map((x) => x.server));
    s.servers = servers.filter((x) => needed.has(x.name));
    s.manager = new ServerManager(s.runDir, { log });
    log(`lab run folder: ${path.relative(process.cwd(), s.runDir) || s.runDir}`);
    log(`starting ${s.servers.length} server(s) for ${s.scenarios.length} scenario(s)`);
    try {
      await s.manager.startAll(s.servers);
      s.origin = await startOrigin(ORIGIN_PORT);
      s.manager.closers.push(() => s.origin && s.origin.close());
      s.chromium = await ChromiumCapture.launch({ tmpDir: s.runDir, log });
    } catch (e) {
      await s.close({ keep: true }); // keep the logs
      throw e;
    }
    log(`Chromium ${s.chromium.version}`);
    return s;
  }

  capture(scenario) {
    return this.chromium.capture(scenario, this.origin.url);
  }

  async close({ keep = false } = {}) {
    if (this.chromium) await this.chromium.close();
    if (this.origin) this.origin.close();
    this.origin = null;
    if (this.manager) await this.manager.stopAll();
    if (!keep && !process.env.WHY405_LAB_KEEP) fs.rmSync(this.runDir, { recursive: true, force: true });
    else this.log(`kept ${this.runDir}`);
  }
}

module.exports = { LabSession, parseOnly, ORIGIN_PORT };
