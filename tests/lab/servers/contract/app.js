'use strict';
// The `why405 contract` lab server (issue 13): a small API on node's own `http` (no packages), served in two
// configurations at once, each on its own port:
//   a (PORT_A)  exactly what openapi.yaml / swagger.json document, with real CORS for two origins;
//   b (PORT_B)  the same API with drifts planted:
//     1. a route removed:   /api/status is gone (404 to everything);
//     2. a method added:    PATCH /api/items/{id} is served (and listed in Allow and the preflight's methods);
//     3. CORS missing for one origin: https://admin.example.com gets no CORS headers;
//     4. a proxy rule:      OPTIONS on /api/reports is refused by an nginx-like layer (405, `Server: nginx/1.22.1`,
//                           nginx's HTML page, no Allow, no CORS headers): every preflight there fails;
//     5. a redirect:        /api/orders answers every method but GET and HEAD with 301 to /api/orders/ (a POST
//                           followed by a browser becomes GET).
// Both answer like a careful framework: OPTIONS with Access-Control-Request-Method from a listed origin is the
// preflight (204, Access-Control-Allow-Methods = the route's methods, the requested headers allowed); a plain
// OPTIONS gets 204 + Allow; an unrouted method gets 405 + Allow; an unknown path 404. CORS headers go on every
// answer to a listed origin (Vary: Origin always).
// Every request received is appended as one JSON line to $CONTRACT_LOG (the test checks that no write was sent
// without --allow-writes). Binds 127.0.0.1 only. Usage: node app.js PORT_A PORT_B
const http = require('http');
const fs = require('fs');

const ORIGINS = ['https://app.example.com', 'https://admin.example.com'];
const ROUTES = {
  '/api/items': ['GET', 'POST'],
  '/api/items/:id': ['GET', 'PUT', 'DELETE'],
  '/api/orders': ['GET', 'POST'],
  '/api/reports': ['GET', 'POST'],
  '/api/status': ['GET'],
};

function config(name) {
  const routes = JSON.parse(JSON.stringify(ROUTES));
  if (name === 'a') return { name, routes, origins: ORIGINS, proxyOptions: [], redirect: [] };
  delete routes['/api/status'];
  routes['/api/items/:id'].push('PATCH');
  routes['/api/orders/'] = routes['/api/orders'];
  return { name, routes, origins: [ORIGINS[0]], proxyOptions: ['/api/reports'], redirect: ['/api/orders'] };
}

function route(cfg, path) {
  for (const [pattern, methods] of Object.entries(cfg.routes)) {
    const re = new RegExp('^' + pattern.replace(/:[a-z]+/g, '[^/]+') + '$');
    if (re.test(path)) return methods;
  }
  return null;
}

const NGINX_405 = '<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';

function answer(cfg, req, res) {
  const path = req.url.split('?')[0];
  if (path === '/health') return res.end('ok');
  if (cfg.proxyOptions.includes(path) && req.method === 'OPTIONS') {
    res.writeHead(405, { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' });
    return res.end(NGINX_405);
  }
  const origin = req.headers.origin;
  const cors = { Vary: 'Origin' };
  if (origin && cfg.origins.includes(origin)) cors['Access-Control-Allow-Origin'] = origin;
  if (cfg.redirect.includes(path) && req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(301, { ...cors, Location: path + '/' });
    return res.end();
  }
  const methods = route(cfg, path);
  if (!methods) {
    res.writeHead(404, { ...cors, 'Content-Type': 'application/json' });
    return res.end('{"error":"not found"}');
  }
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  if (req.method === 'OPTIONS') {
    const preflight = req.headers['access-control-request-method'];
    if (preflight && cors['Access-Control-Allow-Origin']) {
      cors['Access-Control-Allow-Methods'] = methods.join(', ');
      if (req.headers['access-control-request-headers']) {
        cors['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'];
      }
      cors['Access-Control-Max-Age'] = '0';
    }
    res.writeHead(204, preflight ? cors : { ...cors, Allow: allow });
    return res.end();
  }
  if (!allow.split(', ').includes(req.method)) {
    res.writeHead(405, { ...cors, Allow: allow, 'Content-Type': 'application/json' });
    return res.end('{"error":"method not allowed"}');
  }
  res.writeHead(req.method === 'POST' ? 201 : 200, { ...cors, 'Content-Type': 'application/json' });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ ok: true, method: req.method, path }));
}

function serve(name, port) {
  const cfg = config(name);
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (process.env.CONTRACT_LOG) {
        const line = { server: name, method: req.method, url: req.url, headers: req.headers, body };
        fs.appendFileSync(process.env.CONTRACT_LOG, JSON.stringify(line) + '\n');
      }
      answer(cfg, req, res);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

// b first: the harness's readiness poll is on a's port, so both listen once it answers
const [portA, portB] = [Number(process.argv[2] || 7300), Number(process.argv[3] || 7301)];
serve('b', portB).then(() => serve('a', portA));
