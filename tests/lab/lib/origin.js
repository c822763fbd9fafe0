'use strict';
// The page origin http://localhost:7100: a blank HTML page, the cross-origin page that makes the lab's fetches.
// The inline empty icon keeps Chromium from requesting /favicon.ico.
const fs = require('fs');
const http = require('http');
const path = require('path');

const { PAGE_SCRIPT } = require('./capture');

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>why405 lab</title>' +
  '<link rel="icon" href="data:,"><script src="/lab.js"></script></head><body><p>why405 lab page</p></body></html>';

// /lab-worker/<server>/<script>.js → tests/lab/servers/<server>/<script>.js (names only: no other path reaches a file)
const WORKER = /^\/lab-worker\/([a-z0-9_]+)\/([a-z0-9_-]+\.js)$/;
const workerFile = (url) => {
  const [, server, file] = WORKER.exec(url);
  return path.join(__dirname, '..', 'servers', server, file);
};

function startOrigin(port = 7100) {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/' || req.url.startsWith('/?'))) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(PAGE);
      } else if (req.method === 'GET' && req.url.startsWith('/csp?report=')) {
        // A page whose Content-Security-Policy forbids images and reports violations to the given URL: its one
        // <img> makes the browser POST a CSP report (application/csp-report) there.
        const report = new URL(req.url, 'http://localhost').searchParams.get('report') || '';
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
          'Content-Security-Policy': `img-src 'none'; report-uri ${report.replace(/[;,\s]/g, '')}` });
        res.end('<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>' +
          '<body><img src="/blocked.png" alt=""></body></html>');
      } else if (req.method === 'GET' && WORKER.test(req.url) && fs.existsSync(workerFile(req.url))) {
        // A scenario's service worker (its "worker" field): a script of its server's folder, served from the page's
        // origin as a worker must be, allowed to control the whole origin (scope "/").
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store',
          'Service-Worker-Allowed': '/' });
        res.end(fs.readFileSync(workerFile(req.url)));
      } else if (req.method === 'GET' && req.url === '/lab.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(PAGE_SCRIPT);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
      }
    });
    server.keepAliveTimeout = 1000;
    server.once('error', (e) => reject(new Error(`page origin on :${port}: ${e.message}`)));
    server.listen(port, '127.0.0.1', () => resolve({
      url: `http://localhost:${port}`,
      close: () => { server.closeAllConnections(); server.close(); },
    }));
  });
}

module.exports = { startOrigin };
