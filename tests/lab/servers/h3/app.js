'use strict';
// A small h3 1.x app (h3 is the HTTP framework under Nitro 2 and Nuxt's server routes), with h3's own CORS
// helper, handleCors(), in a middleware before the routers (the lab's scenarios pick a configuration by prefix):
//   /api   handleCors({origin, methods: GET/PUT/POST/DELETE}); a router built as Nitro builds its own,
//          createRouter({preemptive: true}): a method without a route on a known path is h3's 405 error JSON
//   /v1    the same CORS; a router with h3's defaults (createRouter()): a method without a route falls through
//          to the app's end, h3's 404 "Cannot find any path matching /v1/…", the same as a missing path
//   /open  handleCors() with its defaults (origin, methods, headers "*"), and a route that throws (500)
//   /strict handleCors({origin, methods: ['GET', 'POST'], allowHeaders: ['Content-Type']})
// Binds 127.0.0.1 only. Usage: node app.js PORT
const { createServer } = require('node:http');
const {
  createApp, createRouter, defineEventHandler, handleCors, readBody, setResponseStatus, toNodeListener, useBase,
} = require('h3');

const port = Number(process.argv[2] || 7132);
const ORIGIN = 'http://localhost:7100';
const app = createApp();

const CORS = {
  '/api/': { origin: [ORIGIN], methods: ['GET', 'PUT', 'POST', 'DELETE'] },
  '/v1/': { origin: [ORIGIN], methods: ['GET', 'PUT', 'POST', 'DELETE'] },
  '/open/': {},
  '/strict/': { origin: [ORIGIN], methods: ['GET', 'POST'], allowHeaders: ['Content-Type'] },
};

app.use(defineEventHandler((event) => {
  const prefix = Object.keys(CORS).find((p) => event.path.startsWith(p));
  if (prefix && handleCors(event, CORS[prefix])) return; // a preflight: answered (204)
}));

const items = { 1: { id: 1, name: 'widget' } };
function itemRoutes(router, base) {
  router.get(`${base}/items/:id`, defineEventHandler((event) => items[event.context.params.id] || {}));
  router.put(`${base}/items/:id`, defineEventHandler(async (event) => ({ id: Number(event.context.params.id), ...(await readBody(event)) })));
  router.post(`${base}/items`, defineEventHandler(async (event) => {
    setResponseStatus(event, 201);
    return { id: 2, ...(await readBody(event)) };
  }));
  return router;
}

const root = createRouter();
root.get('/health', defineEventHandler(() => 'ok'));
itemRoutes(root, '/v1');
root.get('/open/items/:id', defineEventHandler((event) => ({ id: Number(event.context.params.id) })));
root.put('/open/items/:id', defineEventHandler(() => {
  throw new Error('database unavailable');
}));
root.post('/strict/orders', defineEventHandler(async (event) => ({ id: 10, ...(await readBody(event)) })));
app.use(root);
// Nitro's shape under /api: a preemptive router (a known path with another method is its 405; a path it does not
// know, its 404 "Cannot find any route matching …")
app.use('/api', useBase('/api', itemRoutes(createRouter({ preemptive: true }), '').handler));

createServer(toNodeListener(app)).listen(port, '127.0.0.1', () => console.log(`h3 lab server on http://127.0.0.1:${port}`));
