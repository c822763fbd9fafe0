'use strict';
// A small Express 4 API, configured the ways people really configure Express + the `cors` package.
// Each mounted sub-app is a self-contained configuration (the lab's scenarios pick one by path prefix):
//   /plain     no CORS support at all (Express answers OPTIONS itself: 200 + Allow)
//   /api       app.use(cors())  — the README one-liner (wildcard origin, every method)
//   /limited   cors({methods: ['GET', 'POST']})
//   /strict    cors({allowedHeaders: ['Content-Type']})
//   /partner   cors({origin: 'http://example.com'})  — a hard-coded origin
//   /secure    an auth middleware mounted BEFORE cors() (rejects the preflight with 401)
//   /legacy    the `app.options('*', cors())` pre-flight recipe + per-route cors()
//   /shop      cors(); an old endpoint redirects with res.redirect() (302)
// Binds 127.0.0.1 only. Usage: node app.js PORT
const express = require('express');
const cors = require('cors');

const port = Number(process.argv[2] || 7110);
const app = express();

app.get('/health', (req, res) => res.send('ok'));

// ---- /plain: no CORS at all ------------------------------------------------------------
const plain = express();
plain.use(express.json());
plain.use(express.text());
const plainItems = { 1: { id: 1, name: 'widget' } };
plain.get('/items/:id', (req, res) => res.json(plainItems[req.params.id] || {}));
plain.put('/items/:id', (req, res) => res.json({ id: Number(req.params.id), ...req.body }));
plain.post('/notes', (req, res) => res.status(201).json({ saved: String(req.body).length }));
app.use('/plain', plain);

// ---- /api: app.use(cors()) -----------------------------------------------------------------
const api = express();
api.use(cors());
api.use(express.json());
const items = { 1: { id: 1, name: 'widget' } };
api.get('/items/:id', (req, res) => res.json(items[req.params.id] || {}));
api.post('/items', (req, res) => res.status(201).json({ id: 2, ...req.body }));
api.delete('/items/:id', (req, res) => res.status(204).end());
let profile = { name: 'Ada' };
api.get('/profile', (req, res) => res.json(profile));
api.put('/profile', (req, res) => { profile = { ...profile, ...req.body }; res.json(profile); });
app.use('/api', api);

// ---- /limited: cors({methods: ['GET', 'POST']}) -----------------------------------------------
const limited = express();
limited.use(cors({ methods: ['GET', 'POST'] }));
limited.use(express.json());
limited.get('/items/:id', (req, res) => res.json({ id: Number(req.params.id) }));
limited.delete('/items/:id', (req, res) => res.status(204).end());
app.use('/limited', limited);

// ---- /strict: cors({allowedHeaders: ['Content-Type']}) -----------------------------------------
const strict = express();
strict.use(cors({ allowedHeaders: ['Content-Type'] }));
strict.use(express.json());
strict.post('/orders', (req, res) => res.status(201).json({ id: 10, ...req.body }));
app.use('/strict', strict);

// ---- /partner: cors({origin: 'http://example.com'}) -------------------------------------------
const partner = express();
partner.use(cors({ origin: 'http://example.com' }));
partner.use(express.json());
partner.put('/items/:id', (req, res) => res.json({ id: Number(req.params.id), ...req.body }));
app.use('/partner', partner);

// ---- /secure: auth before cors -----------------------------------------------------------
const secure = express();
secure.use((req, res, next) => {
  if (req.get('authorization') !== 'Bearer lab-token') {
    return res.status(401).json({ error: 'unauthorized' });
  }
  next();
});
secure.use(cors());
secure.get('/me', (req, res) => res.json({ user: 'ada' }));
app.use('/secure', secure);

// ---- /legacy: the cors README's pre-flight recipe --------------------------------------------
const legacy = express();
legacy.options('*', cors()); // enable pre-flight across-the-board
legacy.get('/items/:id', cors(), (req, res) => res.json({ id: Number(req.params.id) }));
legacy.post('/items', cors(), express.json(), (req, res) => res.status(201).json({ id: 3 }));
app.use('/legacy', legacy);

// ---- /shop: an endpoint that moved, redirected with res.redirect() (302) -------------------------
const shop = express();
shop.use(cors());
shop.use(express.json());
const orders = [{ id: 1, item: 'widget' }];
shop.get('/v2/orders', (req, res) => res.json(orders));
shop.post('/v2/orders', (req, res) => { orders.push({ id: orders.length + 1, ...req.body }); res.status(201).json(orders.at(-1)); });
shop.post('/v1/orders', (req, res) => res.redirect('/shop/v2/orders'));
app.use('/shop', shop);

app.listen(port, '127.0.0.1', () => console.log(`express lab server on http://127.0.0.1:${port}`));
