// The request id every log line and audit entry carries. proxy.ts stamps one on every request (an
// incoming well-formed id is kept, so ids join up across a load balancer); everything after it
// reads the same header. Free of lib/ imports so the proxy bundle stays small.

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The incoming x-request-id when well formed (no spaces or quotes: log injection), else a new one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
