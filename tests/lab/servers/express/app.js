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
//   /vault     credentialed cors() with planted secrets (tokens, cookies, passwords) for the redaction tests
//   /cached    cors({maxAge: 600}): Chromium keeps the preflight's verdict 600 s, so a repeated request goes out
//              without one (the preflight cache)
// Binds 127.0.0.1 only. Usage: node app.js PORT
const express = require('express');
const cors = require('cors');

const port = Number(process.argv[2] || 7110);
const app = express();
// access log: what the server received (tests/lab/probe-test.js checks that a probe never sent the method)
app.use((req, res, next) => {
  console.log(`${req.method} ${req.originalUrl}`);
  next();
});

app.get('/health', (req, res) => res.send('ok'));

// ---- /plain: no CORS at all ------------------------------------------------------------
const plain = express();
plain.use(express.json());
plain.use(express.text());
const plainItems = { 1: { id: 1, name: 'widget' } };
plain.get('/items/:id', (req, res) => res.json(plainItems[req.params.id] || {}));
plain.put('/items/:id', (req, res) => res.json({ id: Number(req.params.id), ...req.body }));
plain.post('/notes', (req, res) => res.status(201).json({ saved: String(req.body).length }));
// CSP violation reports (application/csp-report): accepted, nothing answered
plain.post('/csp-report', (req, res) => res.status(204).end());
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

// ---- /vault: credentialed API with secrets everywhere (redaction scenarios) ----------------------
// cors({origin, credentials: true, methods: GET/POST}): a PUT fails its preflight; /session answers 405 + Allow to
// anything but GET; /v1/upload moved (302, the Location carries a token); /login returns a JWT and sets a cookie.
// The secret values are planted on purpose (fake, lab only) and listed in scenarios.json "secrets".
const VAULT_ACCESS_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJxYS11c2VyLTQ3MTEiLCJraW5kIjoiYWNjZXNzIiwiaWF0IjoxNzY3MjI1NjAxfQ.c2Vjb25kLWZha2Utc2lnbmF0dXJlLWxhYi1vbmx5LTQ1Ng';
const VAULT_REFRESH = 'rf_7Qm2ZsVbX9kLwP4nTyE8uR1c';
const VAULT_MOVED_TOKEN = 'mvtok_L0c4t10nS3cr3tQ9z8y7x';
const vault = express();
vault.use(cors({
  origin: 'http://localhost:7100',
  credentials: true,
  methods: ['GET', 'POST'],
  allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'X-CSRF-Token'],
}));
vault.use(express.json());
vault.use(express.urlencoded({ extended: false }));
vault.use(express.text());
vault.get('/login', (req, res) => {
  res.set('Set-Cookie', `refresh=${VAULT_REFRESH}; Path=/; HttpOnly; SameSite=Lax`);
  res.json({ access_token: VAULT_ACCESS_JWT, token_type: 'Bearer', expires_in: 300 });
});
vault.get('/profile', (req, res) => res.json({ name: 'Ada' }));
vault.get('/session', (req, res) => res.json({ user: 'ada' }));
vault.all('/session', (req, res) => res.set('Allow', 'GET, HEAD').status(405).json({ error: 'method not allowed' }));
vault.post('/v1/upload', (req, res) => res.redirect(`/vault/v2/upload?token=${VAULT_MOVED_TOKEN}`));
vault.get('/v2/upload', (req, res) => res.json({ uploaded: false }));
app.use('/vault', vault);

// ---- /cached: cors({maxAge: 600}) — Access-Control-Max-Age: 600 on every preflight -----------------------
const cached = express();
cached.use(cors({ maxAge: 600 }));
cached.use(express.json());
cached.get('/items/:id', (req, res) => res.json({ id: Number(req.params.id) }));
cached.post('/orders', (req, res) => res.status(201).json({ id: 7, ...req.body }));
app.use('/cached', cached);

const server = app.listen(port, '127.0.0.1', () => console.log(`express lab server on http://127.0.0.1:${port}`));

// ---- /hmr: a dev server's hot-reload WebSocket (the handshake only: RFC 6455 §4.2.2, no frames) ---------------
server.on('upgrade', (req, socket) => {
  const key = req.headers['sec-websocket-key'];
  if (!req.url.startsWith('/hmr') || !key) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  const accept = require('crypto').createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.on('data', () => socket.end()); // the page's close frame: done
  socket.on('error', () => {});
});
