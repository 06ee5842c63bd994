import "./authz/next-mocks";
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { GET as exportStatus } from "@/app/(console)/audit/exports/[id]/status/route";
import { heartbeatPresenceAction } from "@/app/(console)/cases/[ref]/presence-actions";
import { GET as reportPdf } from "@/app/(print)/cases/[ref]/report/pdf/route";
import { sessionCookie, sessionCookieValue } from "@/lib/auth/cookie";
import { actionContext } from "@/lib/auth/current";
import { oidcStaff } from "@/lib/auth/oidc";
import { resolveSession } from "@/lib/auth/session";
import { passwordSignIn } from "@/lib/auth/sign-in";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { requestContextFrom } from "@/lib/http/request-context";
import { sharedRedis } from "@/lib/queue/connection";
import { requestScope } from "./authz/next-mocks";
import { makeSession, makeStaff } from "./support/staff";

// The review of issue 3: background calls do not keep a session alive, the per-IP sign-in limit
// keys on the address the trusted proxy saw, cookie GETs that write records come only from the
// console, and SSO needs email_verified=true.

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

beforeEach(() => {
  requestScope.cookies.clear();
  requestScope.headers = new Headers();
});

const idleMs = config.SESSION_IDLE_SECONDS * 1000;
const lastActive = async (sessionId: string) => (await db.staffSession.findUniqueOrThrow({ where: { id: sessionId } })).lastActiveAt.getTime();

async function signedIn(role: "AGENT" | "AUDITOR", lastActiveAgoMs: number) {
  const staff = await makeStaff(role);
  const session = await makeSession(staff.id);
  const at = new Date(Date.now() - lastActiveAgoMs);
  await db.staffSession.update({ where: { id: session.sessionId }, data: { lastActiveAt: at } });
  requestScope.cookies.set(sessionCookie.name, await sessionCookieValue(session.token));
  return { ...session, staffId: staff.id, at: at.getTime() };
}

describe("idle timeout: background calls are passive", () => {
  it("a session polled only passively still ends after SESSION_IDLE_SECONDS; active use keeps one alive", async () => {
    const passive = await signedIn("AGENT", 0);
    const used = await makeSession(passive.staffId);
    const t0 = Date.now();
    // Every 30 s of simulated time: one call each, up to a minute past the idle limit.
    for (let t = t0 + 30_000; t <= t0 + idleMs + 60_000; t += 30_000) {
      const p = await resolveSession(passive.token, { now: new Date(t), passive: true });
      expect(p.ok ? "ok" : p.reason, `passive at +${(t - t0) / 1000}s`).toBe(t - passive.at > idleMs ? "idle" : "ok");
      expect((await resolveSession(used.token, { now: new Date(t) })).ok, `active at +${(t - t0) / 1000}s`).toBe(true);
    }
    expect(await lastActive(passive.sessionId)).toBe(passive.at);
  });

  it("the case page's heartbeat does not move the idle clock, and fails once the session is idle", async () => {
    const s = await signedIn("AGENT", 60_000);
    await heartbeatPresenceAction({ ref: "GH-000001" });
    expect(await lastActive(s.sessionId)).toBe(s.at);
    // A real action does count as activity.
    await actionContext();
    expect(await lastActive(s.sessionId)).toBeGreaterThan(s.at);

    await db.staffSession.update({ where: { id: s.sessionId }, data: { lastActiveAt: new Date(Date.now() - idleMs - 1000) } });
    const res = await heartbeatPresenceAction({ ref: "GH-000001" });
    expect(res).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("the export progress poll does not move the idle clock, and answers 401 once the session is idle", async () => {
    const s = await signedIn("AUDITOR", 60_000);
    const call = () => exportStatus(new Request(`http://localhost/audit/exports/${randomUUID()}/status`), { params: Promise.resolve({ id: randomUUID() }) });
    expect((await call()).status).toBe(404);
    expect(await lastActive(s.sessionId)).toBe(s.at);
    await db.staffSession.update({ where: { id: s.sessionId }, data: { lastActiveAt: new Date(Date.now() - idleMs - 1000) } });
    expect((await call()).status).toBe(401);
  });
});

describe("per-IP sign-in limit", () => {
  it("behind one trusted proxy, a spoofed left-most X-Forwarded-For does not change the key", async () => {
    const real = "203.0.113.77";
    const from = (i: number) => requestContextFrom(new Headers({ "x-forwarded-for": `10.${i % 250}.0.1, 198.18.${i % 250}.9, ${real}` }), 1);
    for (let i = 0; i < config.SIGN_IN_MAX_FAILURES_PER_IP; i++) {
      expect(from(i).ip).toBe(real);
      await expect(passwordSignIn({ email: `spoof-${i}@it.test`, password: "guess-guess", request: from(i) })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await expect(passwordSignIn({ email: "spoof-x@it.test", password: "guess-guess", request: from(999) })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Another client behind the same proxy is not affected.
    const other = requestContextFrom(new Headers({ "x-forwarded-for": `${real}, 203.0.113.78` }), 1);
    await expect(passwordSignIn({ email: "someone@it.test", password: "guess-guess", request: other })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("requests without a client address do not share one bucket: they cannot lock everyone out", async () => {
    const noAddress = requestContextFrom(new Headers(), 0);
    expect(noAddress.ip).toBeUndefined();
    for (let i = 0; i <= config.SIGN_IN_MAX_FAILURES_PER_IP; i++) {
      await expect(passwordSignIn({ email: `anon-${i}@it.test`, password: "guess-guess", request: noAddress })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect(await db.auditEntry.count({ where: { action: "auth.sign_in_failed", ip: null } })).toBe(config.SIGN_IN_MAX_FAILURES_PER_IP + 1);
  });
});

describe("cookie GETs that write records", () => {
  it("the case report PDF is refused unless the report page itself asks (Sec-Fetch-Site: same-origin)", async () => {
    await signedIn("AUDITOR", 0);
    const call = (headers: Record<string, string>) => reportPdf(new Request("http://localhost/cases/GH-000001/report/pdf", { headers }), { params: Promise.resolve({ ref: "GH-000001" }) });
    for (const headers of [{ "sec-fetch-site": "none" }, { "sec-fetch-site": "cross-site" }, {}] as Record<string, string>[]) {
      const res = await call(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
    // From the page: past the check (the case does not exist here).
    expect((await call({ "sec-fetch-site": "same-origin" })).status).not.toBe(403);
  });
});

describe("single sign-on: email_verified", () => {
  it("needs email_verified === true unless AUTH_OIDC_TRUST_UNVERIFIED_EMAIL is set; false is always refused", async () => {
    const staff = await makeStaff("AGENT");
    const email = staff.email.toUpperCase();
    expect(config.AUTH_OIDC_TRUST_UNVERIFIED_EMAIL).toBe(false);
    expect(await oidcStaff({ email, email_verified: true })).toEqual({ id: staff.id });
    expect(await oidcStaff({ email })).toEqual({ refused: "email_unverified", staffId: null });
    expect(await oidcStaff({ email, email_verified: "true" })).toEqual({ refused: "email_unverified", staffId: null });
    expect(await oidcStaff({ email, email_verified: false })).toEqual({ refused: "email_unverified", staffId: null });
    expect(await oidcStaff({ email }, { trustUnverified: true })).toEqual({ id: staff.id });
    expect(await oidcStaff({ email, email_verified: false }, { trustUnverified: true })).toEqual({ refused: "email_unverified", staffId: null });
    expect(await oidcStaff({ email: "nobody@it.test", email_verified: true })).toEqual({ refused: "not_staff", staffId: null });
  });
});
