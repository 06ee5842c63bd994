import { randomUUID } from "node:crypto";

// Who/where a request came from, threaded into use cases for the audit trail and logs.
export interface RequestContext {
  requestId: string;
  ip?: string;
  userAgent?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the context from request headers; proxy.ts stamps x-request-id on every request. */
export function requestContextFrom(headers: Headers): RequestContext {
  const given = headers.get("x-request-id");
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
    ip: forwarded || headers.get("x-real-ip") || undefined,
    userAgent: headers.get("user-agent")?.slice(0, 512) || undefined,
  };
}

export function systemContext(what: string): RequestContext {
  return { requestId: `${what}-${randomUUID()}` };
}
