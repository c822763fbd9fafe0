// CORS headers written in the route handler (the Next.js docs' recipe): its own OPTIONS export answers the
// preflight, allowing GET and POST with Content-Type only.
const CORS = {
  'Access-Control-Allow-Origin': 'http://localhost:7100',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS });
}

export function GET() {
  return Response.json([{ id: 1, item: 'widget' }], { headers: CORS });
}

export async function POST(request) {
  const body = await request.json();
  return Response.json({ id: 2, ...body }, { status: 201, headers: CORS });
}

export function DELETE() {
  return new Response(null, { status: 204, headers: CORS });
}
