'use strict';
// why405 lab: Next.js's own CORS recipe for route handlers under /api: response headers set in next.config.js
// (they are added to every response on the matching paths, the route handlers' automatic OPTIONS answer included).
// /hand sets its CORS headers in the route handler itself (the other recipe of the docs); /plain has none.
module.exports = {
  turbopack: { root: __dirname }, // this folder is the project (the lab's own package-lock.json is one up)
  poweredByHeader: true, // the default, spelled out: X-Powered-By: Next.js
  async headers() {
    return [
      {
        source: '/api/:path*',
        headers: [
          { key: 'Access-Control-Allow-Origin', value: 'http://localhost:7100' },
          { key: 'Access-Control-Allow-Methods', value: 'GET, POST, PUT, DELETE, OPTIONS' },
          { key: 'Access-Control-Allow-Headers', value: 'Content-Type, Authorization' },
        ],
      },
    ];
  },
};
