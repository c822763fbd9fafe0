// The lab's readiness probe.
export function GET() {
  return new Response('ok');
}
