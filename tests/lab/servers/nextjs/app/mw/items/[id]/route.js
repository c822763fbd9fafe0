// GET and PUT; CORS comes from proxy.js (the middleware recipe).
export async function GET(request, { params }) {
  const { id } = await params;
  return Response.json({ id: Number(id) });
}

export async function PUT(request, { params }) {
  const { id } = await params;
  const body = await request.json();
  return Response.json({ id: Number(id), ...body });
}
