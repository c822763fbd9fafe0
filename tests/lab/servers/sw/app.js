'use strict';
// The API behind the lab's service-worker scenarios (port 7108): a plain node `http` server that would accept
// what the page asks (GET, PUT, DELETE on /api/items/:id, GET on /api/cached/:id) and refuses POST on
// /api/pass/:id with its own 405; CORS for the page origin http://localhost:7100. What the page gets instead
// comes from worker.js, the page's service worker (served by the harness's page origin, see lib/origin.js).
const http = require('http');

const PAGE = 'http://localhost:7100';
const port = Number(process.argv[2] || 7108);

function send(req, res, status, body, headers = {}) {
  const cors = req.headers.origin === PAGE ? { 'Access-Control-Allow-Origin': PAGE, Vary: 'Origin' } : {};
  res.writeHead(status, { 'Content-Type': 'application/json', ...cors, ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  console.log(`${req.method} ${req.url}`); // access log: what the server received (tests/lab/probe-test.js)
  const { pathname } = new URL(req.url, 'http://localhost');
  const m = req.method;
  req.resume();
  if (pathname === '/health') return send(req, res, 200, { ok: true });
  if (m === 'OPTIONS' && pathname.startsWith('/api/')) {
    return send(req, res, 204, undefined, {
      'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '0',
    });
  }
  const items = /^\/api\/items\/(\d+)$/.exec(pathname);
  if (items && m === 'GET') return send(req, res, 200, { id: Number(items[1]), name: 'x' });
  if (items && m === 'PUT') return send(req, res, 200, { id: Number(items[1]), saved: true });
  if (items && m === 'DELETE') return send(req, res, 204);
  if (/^\/api\/cached\/\d+$/.test(pathname) && m === 'GET') return send(req, res, 200, { fresh: true });
  if (/^\/api\/pass\/\d+$/.test(pathname)) {
    if (m === 'GET') return send(req, res, 200, { pass: true });
    return send(req, res, 405, { error: 'method not allowed' }, { Allow: 'GET' });
  }
  return send(req, res, 404, { error: 'not found' });
});
server.keepAliveTimeout = 1000;
server.listen(port, '127.0.0.1');
