// GET and PUT only: Next.js answers any other method with 405 (and OPTIONS itself, 204 with Allow).
const items = { 1: { id: 1, name: 'widget' } };

export async function GET(request, { params }) {
  const { id } = await params;
  return Response.json(items[id] || {});
}

export async function PUT(request, { params }) {
  const { id } = await params;
  const body = await request.json();
  return Response.json({ id: Number(id), ...body });
}
