'use strict';
// The lab's server manager: reads servers/*/server.json and servers/*/scenarios.json, starts the servers a run
// needs (each process in its own process group, output to {tmp}/<server>.<n>.log), waits for readiness by polling,
// and kills every process group when the run ends — normally, on SIGINT/SIGTERM, or on an uncaught exception.
const fs = require('fs');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const LAB = path.resolve(__dirname, '..');
const SERVERS = path.join(LAB, 'servers');
const READY_TIMEOUT_MS = 20000;
const POLL_MS = 100;

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${path.relative(LAB, file)}: ${e.message}`, { cause: e });
  }
}

/** Every server folder that has a server.json: [{name, dir, config, scenarios}] sorted by name. */
function loadServers() {
  const out = [];
  for (const name of fs.readdirSync(SERVERS).sort()) {
    const dir = path.join(SERVERS, name);
    const sj = path.join(dir, 'server.json');
    if (!fs.existsSync(sj)) continue;
    const config = readJson(sj);
    const scj = path.join(dir, 'scenarios.json');
    const scenarios = fs.existsSync(scj) ? readJson(scj) : [];
    for (const s of scenarios) s.server = name;
    out.push({ name, dir, config, scenarios });
  }
  return out;
}

/** All scenarios, checked for unique names; `only` (array of names) selects some. */
function loadScenarios(servers, only) {
  const all = [];
  const seen = new Map();
  for (const srv of servers) {
    for (const s of srv.scenarios) {
      if (!s.name || !s.request || !s.expect || !s.expect.cause) {
        throw new Error(`servers/${srv.name}/scenarios.json: scenario ${JSON.stringify(s.name)} lacks name, request or expect.cause`);
      }
      if (seen.has(s.name)) throw new Error(`scenario name ${s.name} is used by ${seen.get(s.name)} and ${srv.name}`);
      seen.set(s.name, srv.name);
      s.port = srv.config.port;
      all.push(s);
    }
  }
  if (!only || only.length === 0) return all;
  const unknown = only.filter((n) => !seen.has(n) && !servers.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario or server: ${unknown.join(', ')}`);
  // a server name selects all its scenarios
  return all.filter((s) => only.includes(s.name) || only.includes(s.server));
}

function venvPython() {
  const p = path.join(LAB, '.venv', 'bin', 'python');
  return fs.existsSync(p) ? p : 'python3';
}

function substitute(value, vars) {
  return String(value).replace(/\{(dir|tmp|port|python|node|php|lab)\}/g, (m, k) => String(vars[k]));
}

/** GET http://127.0.0.1:port/path: resolves true on any HTTP answer, false on a connection error. */
function probe(port, urlPath, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath || '/', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}

function tail(file, lines = 30) {
  try {
    const t = fs.readFileSync(file, 'utf8').split('\n');
    return t.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

class ServerManager {
  /** @param {string} runDir a fresh folder for this run (tmp folders and logs go below it) */
  constructor(runDir, { log = (m) => process.stderr.write(m + '\n') } = {}) {
    this.runDir = runDir;
    this.log = log;
    this.children = []; // {pid, name, logFile, exited, code}
    this.closers = []; // extra cleanup functions (origin server…)
    this._installed = false;
    this._installHandlers();
  }

  _installHandlers() {
    if (this._installed) return;
    this._installed = true;
    // 'exit' handlers must be synchronous: SIGKILL every group that is still there.
    this._onExit = () => this.killAllSync('SIGKILL');
    process.on('exit', this._onExit);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(sig, () => {
        this.log(`\n${sig}: stopping the lab servers`);
        this.killAllSync('SIGTERM');
        process.exit(sig === 'SIGINT' ? 130 : 143);
      });
    }
    process.on('uncaughtException', (e) => {
      this.log(`uncaught exception: ${e && e.stack ? e.stack : e}`);
      this.killAllSync('SIGKILL');
      process.exit(1);
    });
    process.on('unhandledRejection', (e) => {
      this.log(`unhandled rejection: ${e && e.stack ? e.stack : e}`);
      this.killAllSync('SIGKILL');
      process.exit(1);
    });
  }

  killAllSync(signal) {
    // The whole group, even when its leader already exited (workers, reloaders may linger).
    for (const c of this.children) {
      if (c.gone) continue;
      try {
        process.kill(-c.pid, signal);
      } catch {
        c.gone = true; // ESRCH: no process left in the group
      }
    }
    for (const f of this.closers) {
      try {
        f();
      } catch {
        /* ignore */
      }
    }
    this.closers = [];
  }

  /** Starts one server (all its processes) and waits until its port answers HTTP. */
  async start(srv) {
    const { name, dir, config } = srv;
    const tmp = path.join(this.runDir, name);
    fs.mkdirSync(tmp, { recursive: true });
    if (await probe(config.port, config.ready || '/', 500)) {
      throw new Error(`${name}: port ${config.port} already answers before the server was started (a stray server from another run?)`);
    }
    const vars = { dir, tmp, port: config.port, python: venvPython(), node: process.execPath, php: 'php', lab: LAB };
    const mine = [];
    (config.processes || []).forEach((p, i) => {
      const cmd = p.cmd.map((a) => substitute(a, vars));
      const env = { ...process.env };
      for (const [k, v] of Object.entries(p.env || {})) env[k] = substitute(v, vars);
      const logFile = path.join(tmp, `${name}.${i}.log`);
      const fd = fs.openSync(logFile, 'a');
      fs.writeSync(fd, `$ ${cmd.join(' ')}\n`);
      const child = spawn(cmd[0], cmd.slice(1), { cwd: p.cwd ? substitute(p.cwd, vars) : dir, env, detached: true, stdio: ['ignore', fd, fd] });
      fs.closeSync(fd);
      const rec = { pid: child.pid, name, logFile, exited: false, code: null };
      child.on('error', (e) => {
        rec.exited = true;
        rec.code = `spawn error: ${e.message}`;
      });
      child.on('exit', (code, sig) => {
        rec.exited = true;
        rec.code = sig || code;
      });
      this.children.push(rec);
      mine.push(rec);
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const dead = mine.find((c) => c.exited);
      if (dead) {
        throw new Error(`${name}: process ${dead.pid} exited (${dead.code}) before the server was ready; log ${dead.logFile}:\n${tail(dead.logFile)}`);
      }
      if (await probe(config.port, config.ready || '/')) break;
      if (Date.now() > deadline) {
        throw new Error(`${name}: no HTTP answer on port ${config.port}${config.ready || '/'} after ${READY_TIMEOUT_MS / 1000} s; logs:\n` +
          mine.map((c) => `--- ${c.logFile}\n${tail(c.logFile)}`).join('\n'));
      }
      await new Promise((r) => setTimeout(r, POLL_MS)); // polling interval, not synchronisation
    }
    this.log(`  ${name} ready on :${config.port}`);
    return mine;
  }

  /** Starts the given servers one after another (2 cores: parallel start-up buys little). */
  async startAll(servers) {
    for (const srv of servers) await this.start(srv);
  }

  /** SIGTERM every group, then SIGKILL what is still there after a bounded wait. */
  async stopAll(graceMs = 3000) {
    this.killAllSync('SIGTERM');
    const deadline = Date.now() + graceMs;
    const alive = (c) => {
      if (c.gone) return false;
      try {
        process.kill(-c.pid, 0);
        return true;
      } catch {
        c.gone = true;
        return false;
      }
    };
    while (this.children.some(alive) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    this.killAllSync('SIGKILL');
  }

  /** Logs of every started process (for failure reports). */
  logs() {
    return this.children.map((c) => c.logFile);
  }
}

module.exports = { LAB, SERVERS, loadServers, loadScenarios, ServerManager, probe, tail };
