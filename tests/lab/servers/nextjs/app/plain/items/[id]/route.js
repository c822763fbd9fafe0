// No CORS headers at all (no next.config.js rule matches /plain).
export async function GET(request, { params }) {
  const { id } = await params;
  return Response.json({ id: Number(id) });
}

export async function PUT(request, { params }) {
  const { id } = await params;
  const body = await request.json();
  return Response.json({ id: Number(id), ...body });
}
