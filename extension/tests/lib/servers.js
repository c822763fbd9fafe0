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

module.exports = { noCorsApi, pageServer };
