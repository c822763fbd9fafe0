// The project's lab of real servers (tests/lab), for the extension's tests:
// start the servers a set of scenarios needs and the page origin (:7100,
// whose /lab.js provides window.labRun), waiting politely when another run
// holds the lab's fixed ports.
'use strict';

const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const LAB = resolve(__dirname, '..', '..', '..', 'tests', 'lab');
const { loadServers, loadScenarios, ServerManager, probe } = require(join(LAB, 'lib', 'servers.js'));
const { startOrigin } = require(join(LAB, 'lib', 'origin.js'));
const { stepsOf } = require(join(LAB, 'lib', 'capture.js'));

const ORIGIN_PORT = 7100;

/** Ports a server listens on: its own and its upstreams' (port + 50, + 51…), read from server.json. */
function portsOf(srv) {
  const ports = new Set([srv.config.port]);
  for (const m of JSON.stringify(srv.config).matchAll(/\b(71\d\d)\b/g)) ports.add(Number(m[1]));
  return [...ports];
}

/** Resolves when none of `ports` answers HTTP (another lab run still holds them?), bounded by `timeoutMs`. */
async function waitForFreePorts(ports, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const busy = [];
    for (const p of ports) if (await probe(p, '/', 300)) busy.push(p);
    if (busy.length === 0) return;
    if (!said) {
      log(`lab ports ${busy.join(', ')} are in use (another lab run?): waiting up to ${Math.round(timeoutMs / 1000)} s`);
      said = true;
    }
    if (Date.now() > deadline) throw new Error(`lab ports ${busy.join(', ')} still in use after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 1000)); // polling interval while another run finishes
  }
}

/**
 * Starts the page origin and the servers of the selected scenarios.
 * `only`: scenario and/or server names (all when empty).
 * Returns {origin, scenarios, stop()}.
 */
async function startLab({ only = [], portWaitMs = 300_000, log = (m) => process.stderr.write(m + '\n') } = {}) {
  const servers = loadServers();
  const scenarios = loadScenarios(servers, only);
  const needed = servers.filter((s) => scenarios.some((sc) => sc.server === s.name));
  const runDir = mkdtempSync(join(tmpdir(), 'why405-e2e-lab-'));
  const manager = new ServerManager(runDir, { log });
  let origin = null;
  const stop = async () => {
    origin?.close();
    await manager.stopAll();
    rmSync(runDir, { recursive: true, force: true });
  };
  const ports = [ORIGIN_PORT, ...needed.flatMap(portsOf)];
  // Another run may take the ports between the check and the start: try again, bounded.
  const deadline = Date.now() + portWaitMs;
  for (let attempt = 1; ; attempt++) {
    await waitForFreePorts(ports, Math.max(1000, deadline - Date.now()), log);
    try {
      origin = await startOrigin(ORIGIN_PORT);
      manager.closers.push(() => origin?.close());
      await manager.startAll(needed);
      return { origin: origin.url, scenarios, stop };
    } catch (e) {
      origin?.close();
      origin = null;
      await manager.stopAll();
      manager.children = [];
      const busy = /already answers|EADDRINUSE|address already in use/i.test(e.message);
      if (!busy || Date.now() > deadline) {
        rmSync(runDir, { recursive: true, force: true });
        throw e;
      }
      log(`lab start attempt ${attempt}: ${e.message.split('\n')[0]}; retrying`);
    }
  }
}

module.exports = { LAB, startLab, stepsOf, loadServers, loadScenarios };
