'use strict';
// The page's service worker in the lab's service-worker scenarios, registered by the page (a scenario's
// "worker": "worker.js", see lib/capture.js) from http://localhost:7100/lab-worker/sw/worker.js with scope "/".
// It answers some requests to the API on :7108 itself, the way offline-first workers do; everything else goes to
// the network untouched (no respondWith).
self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.port !== '7108' || !url.pathname.startsWith('/api/')) return;
  const method = event.request.method;
  if (url.pathname.startsWith('/api/items/') && method === 'PUT') {
    // A read-only offline mode that refuses writes itself.
    event.respondWith(new Response('Read-only while offline', {
      status: 405, statusText: 'Method Not Allowed', headers: { Allow: 'GET', 'Content-Type': 'text/plain' },
    }));
  } else if (url.pathname.startsWith('/api/items/') && method === 'DELETE') {
    // A handler whose promise rejects: the page gets a network error.
    event.respondWith(Promise.reject(new Error('the worker failed')));
  } else if (url.pathname.startsWith('/api/cached/') && method === 'GET') {
    // Cache-only: what is not in the cache is a 404 made here.
    event.respondWith(caches.open('lab').then((c) => c.match(event.request)).then((r) => r ||
      new Response('Not in the offline cache', { status: 404, statusText: 'Not Found', headers: { 'Content-Type': 'text/plain' } })));
  } else if (url.pathname.startsWith('/api/pass/')) {
    // Network pass-through: the page gets what the worker's own fetch got (the server's 405 for a POST).
    event.respondWith(fetch(event.request));
  }
});
