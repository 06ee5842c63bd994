import { NextResponse, type NextRequest } from "next/server";

// Runs before every route (Next 16 proxy, Node.js runtime). Two jobs only: a request id for logs and
// audit, and security headers with a per-request CSP nonce. No authentication here: access is
// checked inside each page, action and route handler. Kept free of lib/ imports (zod, dotenv,
// pino) so it stays a small, separately bundled function.

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

// eslint-disable-next-line no-restricted-properties -- NODE_ENV is inlined at build time; importing lib/config here would pull the whole env schema into the proxy bundle.
const isDev = process.env.NODE_ENV === "development";

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function cameOverHttps(request: NextRequest): boolean {
  // Behind a TLS-terminating proxy the first hop's scheme is the first entry.
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded ? forwarded === "https" : request.nextUrl.protocol === "https:";
}

function contentSecurityPolicy(nonce: string, https: boolean): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next loads from a nonced script are trusted; nothing else runs.
    // React needs eval only in development (server error stacks).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Dev injects styles without a nonce; production styles are files or nonced by Next.
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // ID photos will come from presigned S3 URLs: the case-view issue adds the S3 origin here.
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only over https: on plain-http loopback it would rewrite asset URLs to https and break them.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function proxy(request: NextRequest) {
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  const nonce = newNonce();
  const https = cameOverHttps(request);
  const csp = contentSecurityPolicy(nonce, https);

  // Next reads the nonce from the request's CSP header while rendering and stamps it on its scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  const h = response.headers;
  h.set("x-request-id", requestId);
  h.set("content-security-policy", csp);
  h.set("x-content-type-options", "nosniff");
  h.set("x-frame-options", "DENY");
  h.set("referrer-policy", "no-referrer");
  h.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  h.set("cross-origin-opener-policy", "same-origin");
  h.set("cross-origin-resource-policy", "same-origin");
  if (https) h.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

// No matcher: every request, static assets and /api included, gets a request id and the headers
// (nosniff matters most on scripts and styles).
