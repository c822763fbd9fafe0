'use strict';
// A small HTTP reverse proxy of our own, in front of the lab's Express app (started on the upstream port): a
// gateway that no signature names. It sends no Server and no Via header, writes its own answers with lower-case
// header names, and refuses some requests by a rule before they reach the application:
//   PUT    /api/profile     405 (allow: GET, HEAD): the gateway's method rule
//   DELETE /api/items/...   403: the gateway's deny rule for deletions
// Everything else (OPTIONS preflights included) goes to the application, whose answers pass through unchanged
// (their header names as the app wrote them, hop-by-hop headers aside). Binds 127.0.0.1 only.
// Usage: node proxy.js PORT UPSTREAM_PORT
const http = require('http');

const port = Number(process.argv[2] || 7107);
const upstream = Number(process.argv[3] || 7157);
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

// The gateway's own rules: [method, path test, status, body, extra headers].
const RULES = [
  ['PUT', (p) => p === '/api/profile', 405, 'method not allowed by gateway rule\n', [['allow', 'GET, HEAD']]],
  ['DELETE', (p) => p.startsWith('/api/items/'), 403, 'forbidden by gateway rule\n', []],
];

function refuse(res, status, body, extra) {
  const headers = [['content-type', 'text/plain'], ['content-length', String(Buffer.byteLength(body))],
    ['date', new Date().toUTCString()], ['connection', 'keep-alive'], ...extra];
  res.writeHead(status, headers.flat());
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  const rule = RULES.find(([m, test]) => m === req.method && test(path));
  if (rule) {
    req.resume();
    refuse(res, rule[2], rule[3], rule[4]);
    return;
  }
  const headers = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!HOP.has(req.rawHeaders[i].toLowerCase())) headers[req.rawHeaders[i]] = req.rawHeaders[i + 1];
  }
  const up = http.request({ host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers }, (ur) => {
    const raw = [];
    for (let i = 0; i < ur.rawHeaders.length; i += 2) {
      if (!HOP.has(ur.rawHeaders[i].toLowerCase())) raw.push(ur.rawHeaders[i], ur.rawHeaders[i + 1]);
    }
    res.writeHead(ur.statusCode, raw);
    ur.pipe(res);
  });
  up.on('error', () => refuse(res, 502, 'bad gateway\n', []));
  req.pipe(up);
});

server.listen(port, '127.0.0.1', () => console.log(`gateway on http://127.0.0.1:${port} -> 127.0.0.1:${upstream}`));
