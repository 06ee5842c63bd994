// Rate limits on every endpoint anyone can reach without credentials. The inventory below names
// each route handler that is not a Bearer-token API route (those share the refused-token limit,
// checked here too) and what brakes it; a new route handler without an entry fails the first test.
// Each public endpoint is then hammered past its limit: 429 with Retry-After (HTTP endpoints), or
// RATE_LIMITED with retryAfterSeconds from the use case behind a form.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { handlers } from "@/auth";
import { GET as health } from "@/app/api/health/route";
import { POST as mailgunRoute } from "@/app/api/inbound/mailgun/route";
import { POST as mimeRoute } from "@/app/api/inbound/mime/route";
import { POST as postmarkRoute } from "@/app/api/inbound/postmark/route";
import { POST as sendgridRoute } from "@/app/api/inbound/sendgrid/route";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as identityRoute } from "@/app/api/v1/identity/events/route";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { inboundAuthLimit } from "@/lib/intake/edge";
import { sharedRedis } from "@/lib/queue/connection";
import { healthLimit, inviteFailureLimit } from "@/lib/security/public-limit";
import { acceptInvite } from "@/lib/staff/accept-invite";
import { signedIdentityEvents, toIdentityRequest } from "../support/identity-events";
import { mailgun, mime, postmark, sendgrid, toRequest, type InboundRequest } from "../support/inbound";

afterAll(async () => {
  await sharedRedis().quit();
  await db.$disconnect();
});

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Route handlers that are not `apiRoute` (Bearer) routes, and what limits or protects them. */
const INVENTORY: Record<string, string> = {
  "app/api/inbound/postmark/route.ts": "public: failed authentications per IP (inbound-auth-ip, 60/min)",
  "app/api/inbound/mailgun/route.ts": "public: failed authentications per IP (inbound-auth-ip, 60/min)",
  "app/api/inbound/sendgrid/route.ts": "public: failed authentications per IP (inbound-auth-ip, 60/min)",
  "app/api/inbound/mime/route.ts": "public: failed authentications per IP (inbound-auth-ip, 60/min)",
  "app/api/v1/identity/events/route.ts": "public: failed authentications per IP (inbound-auth-ip, 60/min)",
  "app/api/health/route.ts": "public: requests per IP (health-ip, 300/min; probes without a client address are not counted)",
  "app/api/auth/[...nextauth]/route.ts": "public: failed sign-ins per IP (signin-ip) and per account (signin-account)",
  "app/api/console/documents/[id]/image/route.ts": "session cookie required (checked before any lookup)",
  "app/(console)/audit/download/route.ts": "session cookie required",
  "app/(console)/audit/exports/[id]/status/route.ts": "session cookie required",
  "app/(print)/cases/[ref]/report/pdf/route.ts": "session cookie required",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
const call = (handler: Handler, req: Request) => handler(req, { params: Promise.resolve({}) });

/** Sends `make(i)` from `ip` until the limit, expecting `refused` each time, then expects 429 + Retry-After. */
async function hammer(handler: Handler, make: (i: number) => Request, times: number, refused: number) {
  for (let i = 0; i < times; i++) expect((await call(handler, make(i))).status).toBe(refused);
  const limited = await call(handler, make(times));
  expect(limited.status).toBe(429);
  expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  const retryAfter = Number(limited.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  return retryAfter;
}

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

describe("rate limits on public endpoints", () => {
  it("every route handler that is not a Bearer API route is in the inventory", () => {
    const files = routeFiles(path.join(ROOT, "app")).map((f) => path.relative(ROOT, f).split(path.sep).join("/"));
    const notBearer = files.filter((f) => !/\bapiRoute\b/.test(readFileSync(path.join(ROOT, f), "utf8")));
    expect(notBearer.sort()).toEqual(Object.keys(INVENTORY).sort());
  });

  it.each<[string, Handler, (ip: string) => InboundRequest]>([
    ["postmark", postmarkRoute, () => postmark({ password: "wrong-password-0000" })],
    ["mailgun", mailgunRoute, () => mailgun({ signingKey: "not-the-mailgun-signing-key" })],
    ["sendgrid", sendgridRoute, () => sendgrid({ password: "wrong-password-0000" })],
    ["mime", mimeRoute, () => mime({ secret: "not-the-inbound-mime-secret" })],
  ])("POST /api/inbound/%s: 429 after 60 failed authentications from one address, valid ones included", async (name, handler, bad) => {
    const ip = `203.0.113.${["postmark", "mailgun", "sendgrid", "mime"].indexOf(name) + 11}`;
    await hammer(handler, () => toRequest(bad(ip), from(ip)), inboundAuthLimit.max, 401);
  });

  it("POST /api/v1/identity/events: 429 after 60 failed signatures from one address", async () => {
    const ip = "203.0.113.21";
    await hammer(identityRoute, () => toIdentityRequest(signedIdentityEvents([], { secret: "not-the-identity-events-secret" }), from(ip)), inboundAuthLimit.max, 401);
  });

  it("/api/v1 with junk Bearer tokens: 429 with Retry-After after 100 refusals", async () => {
    const ip = "203.0.113.22";
    const junk = (i: number) => new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer gh_pat_${String(i).padStart(43, "z")}`, ...from(ip).headers } });
    expect(await hammer(me, junk, 100, 401)).toBeLessThanOrEqual(15 * 60);
  });

  it("GET /api/health: 429 with Retry-After past 300 requests a minute from one address; others and direct probes unaffected", async () => {
    const ip = "203.0.113.23";
    const req = (addr: string) => new Request("http://127.0.0.1/api/health", from(addr));
    expect(await hammer(health, () => req(ip), healthLimit.max, 503)).toBeLessThanOrEqual(60);
    // No worker runs here, so "degraded" (503) — answered, not limited.
    expect((await call(health, req("203.0.113.24"))).status).toBe(503);
    expect((await call(health, new Request("http://127.0.0.1/api/health"))).status).toBe(503); // a load balancer's probe: no client address
  });

  it("invite links (acceptInviteAction): RATE_LIMITED with retryAfterSeconds after 20 invalid tokens from one address", async () => {
    const request = { requestId: "it-invite-limit", ip: "203.0.113.25" };
    for (let i = 0; i < inviteFailureLimit.max; i++) {
      await expect(acceptInvite({ token: String(i).padStart(43, "A"), password: "whatever-password-1", request })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(acceptInvite({ token: "B".repeat(43), password: "whatever-password-1", request })).rejects.toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: expect.any(Number) } });
  });

  it("sign-in through Auth.js (POST /api/auth/callback/credentials): refused as rate_limited after the per-IP failures", async () => {
    const ip = "203.0.113.26";
    const csrf = await handlers.GET(new NextRequest("http://localhost:3000/api/auth/csrf", from(ip)));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const attempt = async (i: number) => {
      const body = new URLSearchParams({ csrfToken, email: `guess-${i}@it.test`, password: "guess-guess-guess", callbackUrl: "/sign-in/verify" });
      const headers = { cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000", ...from(ip).headers };
      const res = await handlers.POST(new NextRequest("http://localhost:3000/api/auth/callback/credentials", { method: "POST", body, headers }));
      return new URL(res.headers.get("location") ?? "", "http://localhost:3000").searchParams.get("code");
    };
    for (let i = 0; i < config.SIGN_IN_MAX_FAILURES_PER_IP; i++) expect(await attempt(i)).toBe("invalid");
    // A browser form gets the sign-in page back with "Too many failed sign-ins…", not a bare 429.
    expect(await attempt(999)).toBe("rate_limited");
  }, 60_000);
});
