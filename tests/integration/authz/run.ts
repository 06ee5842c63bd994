import path from "node:path";
import { sessionCookie } from "@/lib/auth/cookie";
import { makeCaller, type Caller, type Channel } from "./callers";
import { allowedRoles, type Ctx } from "./entry";
import { requestScope } from "./next-mocks";
import { actions, makeTarget, routes } from "./registry";
import { rowCounts, written } from "./writes";

// Runs one registry entry as one caller, the way a browser or API client would reach it.

export type Outcome = "allowed" | "denied";

export interface Call {
  outcome: Outcome;
  /** HTTP status (routes) or the refusal's error code / "REDIRECT_SIGN_IN" (actions). */
  status: number | string;
  detail: string;
  /** Rows the call itself wrote (writes.ts). */
  wrote: string[];
}

/** /api/v1 takes a Bearer token only; everything else under app/ is the console's session cookie. */
export const channelOf = (urlPath: string): Channel => (urlPath.startsWith("/api/v1/") ? "api" : "session");

/** "GET /a/{b}?x=1" → method, path with route groups, query. */
export function splitKey(key: string): { method: string; urlPath: string; query: string } {
  const [method, rest] = key.split(" ");
  const [urlPath, query = ""] = rest.split("?");
  return { method, urlPath, query };
}

async function prepareCaller(caller: Caller, roles: readonly string[]) {
  // A dead credential belongs to someone the entry would let in, so only the credential can refuse it.
  const who = await makeCaller(caller, (roles[0] as Parameters<typeof makeCaller>[1]) ?? "ADMIN");
  const ctx: Ctx = { caller: who, target: makeTarget };
  return { who, ctx };
}

// Each call from its own address (198.18.0.0/15, for tests), so per-IP limits (refused tokens,
// sign-in attempts) never refuse a call the matrix expects through.
let calls = 0;
const nextIp = () => `198.18.${(++calls >> 8) & 255}.${calls & 255}`;

function setRequestScope(cookie: string | null, headers: Headers): void {
  requestScope.cookies.clear();
  if (cookie) requestScope.cookies.set(sessionCookie.name, cookie);
  requestScope.headers = headers;
}

type RouteModule = Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;

export async function runRoute(key: string, caller: Caller): Promise<Call> {
  const { method, urlPath, query } = splitKey(key);
  const entry = routes[key];
  const file = path.join("app", urlPath.replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
  const mod = (await import(/* @vite-ignore */ `@/${file}`)) as RouteModule;
  const { who, ctx } = await prepareCaller(caller, allowedRoles(entry.expect));
  const prep = (await entry.prepare?.(ctx)) ?? {};
  // Route groups "(console)" are not part of the URL.
  const publicPath = urlPath.replace(/\/\([^)]+\)/g, "").replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(prep.params?.[k] ?? "x"));
  const search = [query, prep.query].filter(Boolean).join("&");
  const headers = new Headers({ "x-request-id": `matrix-${method}-${caller}`.slice(0, 60), "user-agent": "matrix", "x-forwarded-for": nextIp() });
  if (channelOf(urlPath) === "api") {
    for (const [k, v] of Object.entries(who.apiHeaders)) headers.set(k, v);
    setRequestScope(null, headers);
  } else {
    // What the console's own page sends: the session cookie, from the same origin.
    if (who.cookie) headers.set("cookie", `${sessionCookie.name}=${who.cookie}`);
    headers.set("sec-fetch-site", "same-origin");
    setRequestScope(who.cookie, headers);
  }
  const init: RequestInit = { method, headers };
  if (prep.body !== undefined) {
    init.body = JSON.stringify(prep.body);
    headers.set("content-type", "application/json");
  }
  const before = await rowCounts();
  const res = await mod[method](new Request(`http://localhost${publicPath}${search ? `?${search}` : ""}`, init), { params: Promise.resolve(prep.params ?? {}) });
  const body = await res.text();
  return { outcome: res.status === 401 || res.status === 403 ? "denied" : "allowed", status: res.status, detail: body.slice(0, 300), wrote: await written(before) };
}

export async function runAction(key: string, caller: Caller): Promise<Call> {
  const [file, name] = key.split("#");
  const mod = (await import(/* @vite-ignore */ `@/${file}`)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const entry = actions[key];
  const { who, ctx } = await prepareCaller(caller, allowedRoles(entry.expect));
  const args = (await entry.args?.(ctx)) ?? [];
  setRequestScope(who.cookie, new Headers({ "x-request-id": `matrix-action-${caller}`, "user-agent": "matrix", "x-forwarded-for": nextIp() }));
  const before = await rowCounts();
  try {
    const result = (await mod[name](...args)) as { ok?: boolean; error?: { code: string } } | undefined;
    const code = result?.ok === false ? (result.error?.code ?? "") : "";
    const denied = code === "UNAUTHENTICATED" || code === "FORBIDDEN";
    return { outcome: denied ? "denied" : "allowed", status: code || "OK", detail: JSON.stringify(result).slice(0, 300), wrote: await written(before) };
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? "");
    // A redirect to sign-in is how an action refuses a visitor without a session.
    if (digest.startsWith("NEXT_REDIRECT") && digest.includes("/sign-in")) return { outcome: "denied", status: "REDIRECT_SIGN_IN", detail: digest, wrote: await written(before) };
    throw err;
  }
}
