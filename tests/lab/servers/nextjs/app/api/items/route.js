// GET only: a POST here is the classic "route exporting only GET" 405.
export function GET() {
  return Response.json([{ id: 1, name: 'widget' }]);
}
