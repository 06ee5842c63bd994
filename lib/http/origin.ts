// CSRF defence for cookie-authenticated requests (pages, server actions, Auth.js endpoints):
// a state-changing request must come from our own origin. Browsers send Sec-Fetch-Site on every
// request and Origin on every POST; a request with neither is refused, not trusted. Pure and
// free of lib/ imports so proxy.ts can use it.

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

export function checkSameOrigin(method: string, headers: Headers, selfOrigin: string): OriginVerdict {
  if (SAFE.has(method.toUpperCase())) return { ok: true };
  const site = headers.get("sec-fetch-site")?.toLowerCase();
  const origin = headers.get("origin");
  if (site && site !== "same-origin") return { ok: false, reason: `cross-site request refused (Sec-Fetch-Site: ${site})` };
  if (origin !== null) {
    if (origin === "null") return { ok: false, reason: "request from an opaque origin refused" };
    if (origin !== selfOrigin) return { ok: false, reason: "request from another origin refused" };
    return { ok: true };
  }
  if (site === "same-origin") return { ok: true };
  return { ok: false, reason: "request without Origin or Sec-Fetch-Site refused" };
}

/** Paths whose callers authenticate with a signature or a Bearer token, never a cookie. */
export function isCookielessPath(pathname: string): boolean {
  return pathname.startsWith("/api/v1/") || pathname.startsWith("/api/inbound/") || pathname === "/api/health";
}

/**
 * For cookie-authenticated GETs that write records (an audit entry, an export) or serve personal
 * data: true only when the browser says the request came from one of our own pages
 * (`Sec-Fetch-Site: same-origin` — an <img>, a fetch, a link clicked on a console page). Refused:
 * another site or a sibling subdomain (`cross-site`, `same-site`), a URL typed, pasted or bookmarked
 * (`none`: the console must be where such a record starts, with its checks and context), and no
 * header at all (every supported browser sends it; a client that does not is not our console).
 */
export function isConsoleFetch(headers: Headers): boolean {
  return headers.get("sec-fetch-site")?.toLowerCase() === "same-origin";
}
