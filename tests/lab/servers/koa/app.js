'use strict';
// Koa 3 + @koa/router + @koa/cors, configured the way the READMEs show.
// Two independent Koa apps share the port, picked by path prefix:
//   /api/...    app.use(cors()); app.use(router.routes()); app.use(router.allowedMethods())
//   /plain/...  the same router setup without any CORS middleware
//               (router.allowedMethods() answers OPTIONS itself: 200 + Allow, no CORS headers)
//   /bare/...   app.use(cors()); app.use(router.routes()) without router.allowedMethods(): a wrong method on a
//               routed path falls through to Koa's default 404 "Not Found" (with the CORS headers)
// Binds 127.0.0.1 only. Usage: node app.js PORT
const http = require('http');
const Koa = require('koa');
const Router = require('@koa/router');
const cors = require('@koa/cors');

const port = Number(process.argv[2] || 7120);

async function jsonBody(ctx) {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  try { return raw ? JSON.parse(raw) : {}; } catch { return { raw }; }
}

function buildRouter(prefix) {
  const router = new Router({ prefix });
  const items = { 1: { id: 1, name: 'widget' } };
  router.get('/items/:id', (ctx) => { ctx.body = items[ctx.params.id] || {}; });
  router.post('/items', async (ctx) => { ctx.status = 201; ctx.body = { id: 2, ...(await jsonBody(ctx)) }; });
  router.patch('/items/:id', async (ctx) => { ctx.body = { ...items[ctx.params.id], ...(await jsonBody(ctx)) }; });
  return router;
}

// /api: with @koa/cors
const api = new Koa();
api.use(cors());
const apiRouter = buildRouter('/api');
api.use(apiRouter.routes());
api.use(apiRouter.allowedMethods());

// /plain: no CORS middleware
const plain = new Koa();
const plainRouter = buildRouter('/plain');
plain.use(plainRouter.routes());
plain.use(plainRouter.allowedMethods());

// /bare: @koa/cors, the routes, and no allowedMethods()
const bare = new Koa();
bare.use(cors());
bare.use(buildRouter('/bare').routes());

const apiHandler = api.callback();
const plainHandler = plain.callback();
const bareHandler = bare.callback();
http.createServer((req, res) => {
  console.log(`${req.method} ${req.url}`); // access log: what the server received (tests/lab/probe-test.js)
  if (req.url === '/health') { res.end('ok'); return; }
  if (req.url.startsWith('/bare')) { bareHandler(req, res); return; }
  (req.url.startsWith('/plain') ? plainHandler : apiHandler)(req, res);
}).listen(port, '127.0.0.1', () => console.log(`koa lab server on http://127.0.0.1:${port}`));
