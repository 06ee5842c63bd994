import "./authz/next-mocks";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie } from "@/lib/auth/cookie";
import { db } from "@/lib/db";
import { CALLERS, makeCaller, type Caller } from "./authz/callers";
import { mutatingRoutes, serverActions } from "./authz/discover";
import { requestScope } from "./authz/next-mocks";
import { actions, makeTarget, routes, type Ctx, type Expectation } from "./authz/registry";

afterAll(() => db.$disconnect());

type Outcome = "allowed" | "denied";

function expected(e: Expectation, caller: Caller): Outcome {
  if (!("allow" in e)) throw new Error("exempt entries are not run");
  return caller !== "ANONYMOUS" && caller !== "REVOKED_TOKEN" && e.allow.includes(caller) ? "allowed" : "denied";
}

const ctxFor = (caller: Awaited<ReturnType<typeof makeCaller>>): Ctx => ({ caller, target: makeTarget });

async function runRoute(key: string, caller: Caller): Promise<{ outcome: Outcome; status: number; body: string }> {
  const [method, urlPath] = key.split(" ");
  const file = path.join("app", urlPath.replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
  const mod = (await import(/* @vite-ignore */ `@/${file}`)) as Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;
  const who = await makeCaller(caller);
  const prep = (await routes[key].prepare?.(ctxFor(who))) ?? {};
  const url = "http://localhost" + urlPath.replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(prep.params?.[k] ?? "x"));
  const init: RequestInit = { method, headers: { ...who.apiHeaders, "x-request-id": `matrix-${method}-${caller}`.slice(0, 60) } };
  if (prep.body !== undefined) {
    init.body = JSON.stringify(prep.body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const res = await mod[method](new Request(url, init), { params: Promise.resolve(prep.params ?? {}) });
  const body = await res.text();
  return { outcome: res.status === 401 || res.status === 403 ? "denied" : "allowed", status: res.status, body };
}

async function runAction(key: string, caller: Caller): Promise<{ outcome: Outcome; detail: string }> {
  const [file, name] = key.split("#");
  const mod = (await import(/* @vite-ignore */ `@/${file}`)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const who = await makeCaller(caller);
  const args = (await actions[key].args?.(ctxFor(who))) ?? [];
  requestScope.cookies.clear();
  if (who.cookie) requestScope.cookies.set(sessionCookie.name, who.cookie);
  requestScope.headers = new Headers({ "x-request-id": `matrix-action-${caller}`, "user-agent": "matrix", "x-forwarded-for": "192.0.2.200" });
  try {
    const result = (await mod[name](...args)) as { ok?: boolean; error?: { code: string } } | undefined;
    const denied = result?.ok === false && (result.error?.code === "UNAUTHENTICATED" || result.error?.code === "FORBIDDEN");
    return { outcome: denied ? "denied" : "allowed", detail: JSON.stringify(result).slice(0, 300) };
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? "");
    // A redirect to sign-in is how an action refuses a visitor without a session.
    if (digest.startsWith("NEXT_REDIRECT") && digest.includes("/sign-in")) return { outcome: "denied", detail: digest };
    throw err;
  }
}

describe("authorization matrix", () => {
  let routeKeys: string[] = [];
  let actionKeys: string[] = [];
  beforeAll(() => {
    routeKeys = mutatingRoutes();
    actionKeys = serverActions();
  });

  it("has an entry for every mutating route handler and server action, and none for endpoints that are gone", () => {
    expect(routeKeys.filter((k) => !(k in routes))).toEqual([]);
    expect(actionKeys.filter((k) => !(k in actions))).toEqual([]);
    const known = new Set([...routeKeys, ...actionKeys]);
    expect([...Object.keys(routes), ...Object.keys(actions)].filter((k) => !known.has(k) && !k.startsWith("GET "))).toEqual([]);
  });

  it("every exemption says why", () => {
    for (const [key, entry] of [...Object.entries(routes), ...Object.entries(actions)]) {
      if ("exempt" in entry.expect) expect(entry.expect.exempt.length, key).toBeGreaterThan(20);
    }
  });

  for (const [key, entry] of Object.entries(routes)) {
    if (!("allow" in entry.expect)) continue;
    for (const caller of CALLERS) {
      it(`${key} as ${caller} → ${expected(entry.expect, caller)}`, async () => {
        const r = await runRoute(key, caller);
        expect({ outcome: r.outcome, ...(r.outcome !== expected(entry.expect, caller) ? { status: r.status, body: r.body } : {}) }).toEqual({ outcome: expected(entry.expect, caller) });
        if (caller === "ANONYMOUS" || caller === "REVOKED_TOKEN") expect(r.status).toBe(401);
      });
    }
  }

  for (const [key, entry] of Object.entries(actions)) {
    if (!("allow" in entry.expect)) continue;
    for (const caller of CALLERS) {
      it(`${key} as ${caller} → ${expected(entry.expect, caller)}`, async () => {
        const r = await runAction(key, caller);
        expect({ outcome: r.outcome, ...(r.outcome !== expected(entry.expect, caller) ? { detail: r.detail } : {}) }).toEqual({ outcome: expected(entry.expect, caller) });
      });
    }
  }

  it("denied calls are in the audit trail", async () => {
    expect(await db.auditEntry.count({ where: { outcome: "DENIED" } })).toBeGreaterThan(0);
  });
});
