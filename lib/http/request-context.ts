import { isIP } from "node:net";
import { config } from "../config";
import { requestIdFrom } from "./request-id";

// Who/where a request came from, threaded into use cases for the audit trail, logs and the
// per-IP sign-in limit. The one place that turns request headers into a client address.
export interface RequestContext {
  requestId: string;
  ip?: string;
  userAgent?: string;
}

/** One X-Forwarded-For entry as a bare address: no port, brackets or IPv4-mapped prefix; null if not an IP. */
function bareAddress(entry: string): string | null {
  let a = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a : null;
}

/**
 * The client's address from X-Forwarded-For, given how many reverse proxies in front of the app are
 * trusted (TRUSTED_PROXY_HOPS). Each trusted proxy appends the address it received the request
 * from, so the client is the `hops`-th entry from the right; everything left of it was written by
 * the client and is ignored. With 0 hops (no proxy: the loopback default) the right-most entry is
 * used: Next's own server writes the socket's peer address there when the request has no
 * X-Forwarded-For, which is the only way Next exposes the peer address (see docs/SECURITY.md for
 * what a client that reaches the app directly can still do). Undefined when there is no usable
 * address (never under `next start`).
 */
export function clientAddress(headers: Headers, hops: number): string | undefined {
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  // Fewer entries than trusted hops: the request skipped a proxy; the left-most is the nearest we know.
  const index = Math.max(0, entries.length - Math.max(1, hops));
  return bareAddress(entries[index]) ?? undefined;
}

/** Builds the context from request headers (route handlers, server actions, Auth.js callbacks). */
export function requestContextFrom(headers: Headers, hops: number = config.TRUSTED_PROXY_HOPS): RequestContext {
  return {
    requestId: requestIdFrom(headers),
    ip: clientAddress(headers, hops),
    userAgent: headers.get("user-agent")?.slice(0, 512) || undefined,
  };
}

export function systemContext(what: string): RequestContext {
  return { requestId: `${what}-${crypto.randomUUID()}` };
}
