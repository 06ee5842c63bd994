import { NextResponse, type NextRequest } from "next/server";

import { checkSameOrigin, isCookielessPath } from "./lib/http/origin";
import { requestIdFrom } from "./lib/http/request-id";

// Runs before every route (Next 16 proxy, Node.js runtime). Its jobs: a request id for logs and
// audit; security headers with a per-request CSP nonce; refusing cross-site state-changing
// requests (CSRF — this covers server actions too); sending visitors without a session cookie to
// the sign-in page; no-store on everything that is not a static asset. Whether a session is valid
// — and what it may do — is checked inside each page, action and route handler. Kept free of
// heavy lib/ imports (zod, dotenv, pino) so it stays a small, separately bundled function.

// Must match lib/auth/cookie.ts (both names: plain http on loopback, __Host- behind TLS).
const SESSION_COOKIES = ["gatehouse.session", "__Host-gatehouse.session"];
const PUBLIC_PAGES = [/^\/sign-in(\/|$)/, /^\/invite\//];
const STATIC = /^\/(_next\/static|_next\/image|favicon\.ico|icon\.svg)/;

// eslint-disable-next-line no-restricted-properties -- NODE_ENV is inlined at build time; importing lib/config here would pull the whole env schema into the proxy bundle.
const isDev = process.env.NODE_ENV === "development";

// Read at run time (the proxy runs on Node.js); lib/config validates the same setting at start-up.
// eslint-disable-next-line no-restricted-properties -- see above: the proxy stays free of lib/config.
const oidcIssuer = process.env.AUTH_OIDC_ISSUER;
const oidcOrigin = (() => {
  try {
    return oidcIssuer ? new URL(oidcIssuer).origin : null;
  } catch {
    return null;
  }
})();

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
    // Single sign-on: the SSO button's form is redirected to the identity provider.
    `form-action 'self'${oidcOrigin ? ` ${oidcOrigin}` : ""}`,
    "frame-ancestors 'none'",
    // Only over https: on plain-http loopback it would rewrite asset URLs to https and break them.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * The origin the browser used to reach us: scheme + Host (or the first X-Forwarded-Host behind a
 * proxy), as Next's own server-action check does. Not nextUrl.origin: Next rewrites 127.0.0.1 to
 * localhost there.
 */
function selfOrigin(request: NextRequest, https: boolean): string {
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || request.nextUrl.host;
  return `${https ? "https" : "http"}://${host}`;
}

function isConsolePage(pathname: string): boolean {
  if (pathname.startsWith("/api/") || pathname.startsWith("/_next/") || STATIC.test(pathname)) return false;
  return !PUBLIC_PAGES.some((re) => re.test(pathname));
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const requestId = requestIdFrom(request.headers);
  const nonce = newNonce();
  const https = cameOverHttps(request);
  const csp = contentSecurityPolicy(nonce, https);

  let response: NextResponse;
  const verdict = isCookielessPath(pathname) ? ({ ok: true } as const) : checkSameOrigin(request.method, request.headers, selfOrigin(request, https));
  if (!verdict.ok) {
    response = NextResponse.json(
      { error: { code: "FORBIDDEN", message: `${verdict.reason}. Use Gatehouse from its own address.`, requestId } },
      { status: 403 },
    );
  } else if (request.method === "GET" && isConsolePage(pathname) && !SESSION_COOKIES.some((n) => request.cookies.has(n))) {
    const to = new URL("/sign-in", selfOrigin(request, https));
    if (pathname !== "/") to.searchParams.set("next", pathname + request.nextUrl.search);
    response = NextResponse.redirect(to, 303);
  } else {
    // Next reads the nonce from the request's CSP header while rendering and stamps it on its scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-request-id", requestId);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }

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
  // Pages show personal data and API responses carry it: no browser or proxy may keep a copy.
  if (!STATIC.test(pathname)) h.set("cache-control", "no-store, max-age=0");
  return response;
}

// Every request, static assets and /api included, gets a request id and the headers (nosniff
// matters most on scripts and styles) — except the inbound email webhooks: Next buffers a request
// body for the proxy and silently cuts it at 10 MB, while an email may be 40 MB. Those routes are
// cookieless, authenticate every request themselves and stream their body under their own cap.
export const config = { matcher: ["/((?!api/inbound/).*)"] };
