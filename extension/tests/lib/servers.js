// Tiny loopback servers for the tests: a page origin and an API origin
// that refuses preflights the way a server without CORS support does.
'use strict';

const http = require('node:http');

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** An API that answers every OPTIONS (preflights included) and PUT with 405, no CORS headers. */
async function noCorsApi() {
  return listen((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' });
    res.end('Method Not Allowed');
  });
}

/** The app's page (a different origin than the API). */
async function pageServer() {
  return listen((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>why405 e2e</title><h1>app</h1>');
  });
}

/**
 * A loopback sink for the JSON messages a test script in the extension posts ({kind, data}); waitFor(kind, pred,
 * what) resolves with the first matching message's data, or rejects after `wait` ms.
 */
async function messageSink(wait) {
  const messages = [];
  const waiters = new Set();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.writeHead(204, { 'access-control-allow-origin': '*' });
      res.end();
      try {
        const m = JSON.parse(body);
        messages.push(m);
        for (const w of [...waiters]) w(m);
      } catch {
        /* not a message */
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const waitFor = (kind, pred, what, timeout = wait) => new Promise((resolve, reject) => {
    const check = (m) => {
      if (m.kind !== kind || !pred(m.data)) return false;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(m.data);
      return true;
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      const last = messages.filter((m) => m.kind === kind).pop();
      reject(new Error(`no ${kind} message ${what} within ${timeout} ms; last: ${JSON.stringify(last)?.slice(0, 1500)}`));
    }, timeout);
    for (const m of messages) if (check(m)) return;
    waiters.add(check);
  });
  return { server, port: server.address().port, waitFor, messages };
}

module.exports = { noCorsApi, pageServer, messageSink };
