// why405 lab: the Next.js docs' middleware CORS recipe (proxy.js since Next.js 16, middleware.js before), for /mw
// only. Its allowedOrigins list names http://127.0.0.1:7100 while the page runs on http://localhost:7100: the
// preflight is answered 204 without Access-Control-Allow-Origin.
import { NextResponse } from 'next/server';

const allowedOrigins = ['http://127.0.0.1:7100'];

const corsOptions = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
};

export function proxy(request) {
  const origin = request.headers.get('origin') ?? '';
  const isAllowedOrigin = allowedOrigins.includes(origin);
  if (request.method === 'OPTIONS') {
    const preflightHeaders = {
      ...(isAllowedOrigin && { 'Access-Control-Allow-Origin': origin }),
      ...corsOptions,
    };
    return NextResponse.json({}, { headers: preflightHeaders });
  }
  const response = NextResponse.next();
  if (isAllowedOrigin) response.headers.set('Access-Control-Allow-Origin', origin);
  for (const [key, value] of Object.entries(corsOptions)) response.headers.set(key, value);
  return response;
}

export const config = {
  matcher: '/mw/:path*',
};
