'use strict';
// Two small Fastify 5 APIs with @fastify/cors, configured the ways its docs show (the lab's scenarios pick one by
// port and path prefix):
//   PORT (main)   the README recipe: `fastify.register(cors, {origin, methods})` on the root instance, so its hook
//                 runs for every request, 404s included. Routes: GET+PUT /api/items/:id, POST /api/items.
//   PORT+50       one encapsulated plugin per prefix, each registering cors in its own scope:
//     /defaults   cors({origin}) with the plugin's default methods (GET,HEAD,POST): a PUT route the preflight refuses
//     /strict     cors({origin, methods, allowedHeaders: ['Content-Type']}): a POST sending X-Request-Id
//     /open       cors() with the plugin's defaults (origin '*'): a credentialed request is refused by the browser
//     /scoped     cors({origin, methods}) in the scope: routes answer with CORS headers, Fastify's 404 does not
//                 (the not-found handler is the root's, whose hooks do not include the scope's cors)
// Fastify has no 405: a method without a route on a known path gets the same 404 as a missing path,
// {"message":"Route PUT:/x not found","error":"Not Found","statusCode":404}.
// Binds 127.0.0.1 only; the main port listens last, so the lab's readiness poll covers both. Usage: node app.js PORT
const fastify = require('fastify');
const cors = require('@fastify/cors');

const port = Number(process.argv[2] || 7130);
const ORIGIN = 'http://localhost:7100';
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

function mainApp() {
  const app = fastify();
  app.register(cors, { origin: ORIGIN, methods: METHODS });
  app.get('/health', async () => 'ok');
  const items = { 1: { id: 1, name: 'widget' } };
  app.get('/api/items/:id', async (req) => items[req.params.id] || {});
  app.put('/api/items/:id', async (req) => ({ id: Number(req.params.id), ...req.body }));
  app.post('/api/items', async (req, reply) => reply.code(201).send({ id: 2, ...req.body }));
  return app;
}

function scopedApp() {
  const app = fastify();
  app.register(async (defaults) => {
    await defaults.register(cors, { origin: ORIGIN });
    defaults.get('/items/:id', async (req) => ({ id: Number(req.params.id) }));
    defaults.put('/items/:id', async (req) => ({ id: Number(req.params.id), ...req.body }));
  }, { prefix: '/defaults' });
  app.register(async (strict) => {
    await strict.register(cors, { origin: ORIGIN, methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'] });
    strict.post('/orders', async (req, reply) => reply.code(201).send({ id: 10, ...req.body }));
  }, { prefix: '/strict' });
  app.register(async (open) => {
    await open.register(cors);
    open.get('/profile', async () => ({ name: 'Ada' }));
  }, { prefix: '/open' });
  app.register(async (scoped) => {
    await scoped.register(cors, { origin: ORIGIN, methods: METHODS });
    scoped.get('/items/:id', async (req) => ({ id: Number(req.params.id) }));
    scoped.put('/items/:id', async (req) => ({ id: Number(req.params.id), ...req.body }));
  }, { prefix: '/scoped' });
  return app;
}

(async () => {
  await scopedApp().listen({ port: port + 50, host: '127.0.0.1' });
  const addr = await mainApp().listen({ port, host: '127.0.0.1' });
  console.log(`fastify lab servers on ${addr} and port ${port + 50}`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
