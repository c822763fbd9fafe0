'use strict';
// A small Hono 4 app on @hono/node-server, with hono/cors as its docs show (the lab's scenarios pick one by prefix):
//   /api       app.use('/api/*', cors({origin, allowMethods: GET/PUT/POST/DELETE})): GET+PUT /api/items/:id
//   /defaults  app.use('/defaults/*', cors()): the defaults (origin *, GET,HEAD,PUT,POST,DELETE,PATCH,QUERY)
//   /strict    cors({origin, allowHeaders: ['Content-Type']}): a POST sending X-Request-Id
// Hono has no 405: a method without a route is its plain-text 404 "404 Not Found", the same as a missing path.
// Binds 127.0.0.1 only. Usage: node app.js PORT
const { Hono } = require('hono');
const { cors } = require('hono/cors');
const { serve } = require('@hono/node-server');

const port = Number(process.argv[2] || 7133);
const ORIGIN = 'http://localhost:7100';
const app = new Hono();

app.get('/health', (c) => c.text('ok'));

app.use('/api/*', cors({ origin: ORIGIN, allowMethods: ['GET', 'PUT', 'POST', 'DELETE'] }));
const items = { 1: { id: 1, name: 'widget' } };
app.get('/api/items/:id', (c) => c.json(items[c.req.param('id')] || {}));
app.put('/api/items/:id', async (c) => c.json({ id: Number(c.req.param('id')), ...(await c.req.json()) }));

app.use('/defaults/*', cors());
app.get('/defaults/items/:id', (c) => c.json({ id: Number(c.req.param('id')) }));
app.put('/defaults/items/:id', async (c) => c.json({ id: Number(c.req.param('id')), ...(await c.req.json()) }));

app.use('/strict/*', cors({ origin: ORIGIN, allowHeaders: ['Content-Type'] }));
app.post('/strict/orders', async (c) => c.json({ id: 10, ...(await c.req.json()) }, 201));

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => console.log(`hono lab server on http://127.0.0.1:${info.port}`));
