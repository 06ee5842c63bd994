import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as getMe } from "@/app/api/v1/me/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { DELETE as revokeTokenRoute } from "@/app/api/v1/tokens/[id]/route";
import type { Actor } from "@/lib/auth/actor";
import { createApiToken, createApiTokenUnchecked, listApiTokens, revokeApiToken } from "@/lib/auth/api-tokens";
import { authenticateBearer } from "@/lib/auth/bearer";
import { currentTotp, newTotpSecret, sealSecret } from "@/lib/auth/mfa";
import { db, type StaffRole } from "@/lib/db";
import { sharedRedis } from "@/lib/queue/connection";
import { createStaffUnchecked } from "@/lib/staff/create-staff";
import { disableStaffUnchecked } from "@/lib/staff/disable-staff";

afterAll(async () => {
  await db.$disconnect();
  await sharedRedis().quit();
});

const system: Actor = { type: "SYSTEM", id: "test" };
const request = { requestId: "req-api-tokens", ip: "198.51.100.20", userAgent: "vitest" };
let n = 0;

async function makeStaff(role: StaffRole) {
  const { staff } = await createStaffUnchecked(undefined, { email: `staff${++n}@gatehouse.test`, name: `Staff ${n}`, role, password: "correct horse battery staple" }, { actor: system, via: "cli" });
  const secret = newTotpSecret();
  await db.staffUser.update({ where: { id: staff.id }, data: { mfaSecret: sealSecret(secret), mfaEnrolledAt: new Date() } });
  // Stepped up: creating a token needs a fresh confirmation.
  const actor: Actor = { type: "STAFF", id: staff.id, role, steppedUpAt: new Date() };
  return { ...staff, secret, actor };
}

function call(token: string, url = "http://localhost/api/v1/me", headers: Record<string, string> = {}) {
  return getMe(new Request(url, { headers: { authorization: `Bearer ${token}`, ...headers } }), { params: Promise.resolve({}) });
}

async function refusedWith(token: string, reason: string, message: RegExp) {
  const res = await call(token);
  expect(res.status).toBe(401);
  const body = await res.json();
  expect(body.error).toMatchObject({ code: "UNAUTHENTICATED", details: { reason } });
  expect(body.error.message).toMatch(message);
  const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "api_token.refused" }, orderBy: { seq: "desc" } });
  expect(entry).toMatchObject({ outcome: "DENIED", actorType: "ANONYMOUS", data: { prefix: token.slice(0, 14), reason } });
  return entry;
}

describe("personal API tokens", () => {
  it("creates a token shown once, stores only its hash, and authenticates a real route with it", async () => {
    const agent = await makeStaff("AGENT");
    const created = await createApiToken(agent.actor, { name: "laptop script" }, { request, via: "console" });
    expect(created.token).toMatch(/^gh_pat_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 14));
    expect(created.role).toBe("AGENT");
    expect(Math.round((created.expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(30);

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id }, omit: { tokenHash: false } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(14));
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "api_token.created" } });
    expect(audit).toMatchObject({ actorType: "STAFF", actorId: agent.id, targetId: created.id, data: { tokenId: created.id, ownerId: agent.id, role: "AGENT", prefix: created.prefix, via: "console" } });
    expect(JSON.stringify(audit.data)).not.toContain(created.token.slice(14));

    const res = await call(created.token, "http://localhost/api/v1/me?secret=not-logged");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const me = await res.json();
    expect(me).toMatchObject({
      staff: { id: agent.id, email: agent.email, name: agent.name, role: "AGENT" },
      token: { id: created.id, role: "AGENT", prefix: created.prefix, expiresAt: created.expiresAt.toISOString() },
      steppedUp: false,
    });

    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toBeInstanceOf(Date);
    const used = await db.auditEntry.findFirstOrThrow({ where: { action: "api_token.used" } });
    expect(used).toMatchObject({ actorType: "API_TOKEN", actorId: `${agent.id}/token:${created.id}`, actorRole: "AGENT", data: { tokenId: created.id, method: "GET", path: "/api/v1/me" } });

    const listed = await listApiTokens(agent.actor);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: created.id, status: "active" });
    expect(Object.keys(listed[0])).not.toContain("tokenHash");
  });

  it("refuses unknown, revoked, expired, disabled-owner and over-privileged tokens with 401, each audited", async () => {
    const agent = await makeStaff("AGENT");
    const count = (action: "api_token.refused" | "api_token.used") => db.auditEntry.count({ where: { action } });
    const [refusedBefore, usedBefore] = [await count("api_token.refused"), await count("api_token.used")];
    await refusedWith(`gh_pat_${"A".repeat(43)}`, "unknown", /not known/);

    const revoked = await createApiToken(agent.actor, { name: "revoked" }, { via: "console" });
    await revokeApiToken(agent.actor, { tokenId: revoked.id });
    expect((await refusedWith(revoked.token, "revoked", /revoked/)).targetId).toBe(revoked.id);

    const expired = await createApiToken(agent.actor, { name: "old", expiresInDays: 1 }, { via: "console", now: new Date(Date.now() - 2 * 86_400_000) });
    await refusedWith(expired.token, "expired", /expired on/);

    const supervisor = await makeStaff("SUPERVISOR");
    const high = await createApiToken(supervisor.actor, { name: "ops" }, { via: "console" });
    // Demoted without the change-role use case (which revokes such tokens): the check at use still holds.
    await db.staffUser.update({ where: { id: supervisor.id }, data: { role: "AGENT" } });
    await refusedWith(high.token, "role_above_owner", /above its owner's current role AGENT/);

    const leaver = await makeStaff("AGENT");
    const kept = await createApiToken(leaver.actor, { name: "cron" }, { via: "console" });
    await disableStaffUnchecked(undefined, { staffId: leaver.id }, { actor: system });
    await refusedWith(kept.token, "owner_inactive", /not active/);

    expect(await count("api_token.refused")).toBe(refusedBefore + 5);
    expect(await count("api_token.used")).toBe(usedBefore);
  });

  it("stops auditing a flood of refused tokens from one network: 429 after 100", async () => {
    const before = await db.auditEntry.count({ where: { action: "api_token.refused" } });
    const junk = (i: number) =>
      getMe(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer gh_pat_${String(i).padStart(43, "x")}`, "x-forwarded-for": "192.0.2.99" } }), {
        params: Promise.resolve({}),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 102; i++) statuses.push((await junk(i)).status);
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(100)).toEqual([429, 429]);
    expect(await db.auditEntry.count({ where: { action: "api_token.refused" } })).toBe(before + 100);
    // Another network is not affected.
    expect((await getMe(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer gh_pat_${"y".repeat(43)}` } }), { params: Promise.resolve({}) })).status).toBe(401);
  });

  it("treats a missing header as anonymous and a malformed one as 401; cookies are ignored", async () => {
    const anonymous = await getMe(new Request("http://localhost/api/v1/me", { headers: { cookie: "gatehouse.session=whatever" } }), { params: Promise.resolve({}) });
    expect(anonymous.status).toBe(401);
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorType: "ANONYMOUS" } })).toBe(1);
    for (const header of ["Basic abc", "Bearer", "Bearer gh_pat_short", `Token gh_pat_${"A".repeat(43)}`]) {
      const res = await getMe(new Request("http://localhost/api/v1/me", { headers: { authorization: header } }), { params: Promise.resolve({}) });
      expect(res.status).toBe(401);
      expect((await res.json()).error.details).toEqual({ reason: "malformed" });
    }
  });

  it("never gives a token more than its caller: role ceiling and lifetime", async () => {
    const agent = await makeStaff("AGENT");
    await expect(createApiToken(agent.actor, { name: "x", role: "SUPERVISOR" }, { request, via: "console" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "auth.denied", actorId: agent.id } })).toMatchObject({ outcome: "DENIED", data: { permission: "token.manage_own" } });
    await expect(createApiToken(agent.actor, { name: "x", expiresInDays: 10_000 }, { via: "console" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createApiToken({ ...agent.actor, steppedUpAt: null }, { name: "x" }, { via: "console" })).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(createApiTokenUnchecked(undefined, { staffId: agent.id, name: "x", role: "ADMIN" }, { actor: system, via: "cli" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const supervisor = await makeStaff("SUPERVISOR");
    const agentToken = await createApiToken(supervisor.actor, { name: "agent-level", role: "AGENT", expiresInDays: 5 }, { via: "console" });
    const post = (body: unknown, totp?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${agentToken.token}`, "content-type": "application/json", ...(totp ? { "x-gatehouse-totp": totp } : {}) };
      return createTokenRoute(new Request("http://localhost/api/v1/tokens", { method: "POST", headers, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    };
    expect((await post({ name: "escalate", role: "SUPERVISOR" })).status).toBe(403);
    expect((await post({ name: "x", staffId: supervisor.id })).status).toBe(400);
    const unconfirmed = await post({ name: "no totp" });
    expect(unconfirmed.status).toBe(403);
    expect((await unconfirmed.json()).error).toMatchObject({ code: "STEP_UP_REQUIRED", message: /X-Gatehouse-TOTP/ });
    // Each code works once: use the current step's code, then the next one (accepted for clock drift).
    const codes = [currentTotp(supervisor.secret), currentTotp(supervisor.secret, Date.now() + 30_000)];
    expect((await post({ name: "longer", expiresInDays: 30 }, codes[0])).status).toBe(400);
    const child = await post({ name: "child" }, codes[1]);
    expect(child.status).toBe(201);
    const body = await child.json();
    // The default role is the calling token's, and the child cannot outlive its parent.
    expect(body).toMatchObject({ role: "AGENT", expiresAt: agentToken.expiresAt.toISOString() });
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "api_token.created", targetId: body.id } })).toMatchObject({
      actorType: "API_TOKEN",
      data: { via: "api", ownerId: supervisor.id },
    });
    const text = await (await listTokensRoute(new Request("http://localhost/api/v1/tokens", { headers: { authorization: `Bearer ${agentToken.token}` } }), { params: Promise.resolve({}) })).text();
    expect(JSON.parse(text).tokens).toHaveLength(2);
    expect(text).not.toContain("tokenHash");
  });

  it("revokes the owner's token once; others may not", async () => {
    const agent = await makeStaff("AGENT");
    const other = await makeStaff("AGENT");
    const t = await createApiToken(agent.actor, { name: "mine" }, { via: "console" });
    await expect(revokeApiToken(other.actor, { tokenId: t.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const del = (id: string) => revokeTokenRoute(new Request(`http://localhost/api/v1/tokens/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${t.token}` } }), { params: Promise.resolve({ id }) });
    expect((await del("not-a-uuid")).status).toBe(404);
    const res = await del(t.id);
    expect(res.status).toBe(200);
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "api_token.revoked", targetId: t.id } })).toMatchObject({ actorType: "API_TOKEN", data: { tokenId: t.id, ownerId: agent.id } });
    await expect(revokeApiToken(agent.actor, { tokenId: t.id })).rejects.toMatchObject({ code: "CONFLICT", message: /already revoked/ });
  });

  it("steps up with a valid X-Gatehouse-TOTP code, once per code", async () => {
    const admin = await makeStaff("ADMIN");
    const t = await createApiToken(admin.actor, { name: "exports" }, { via: "console" });
    const code = currentTotp(admin.secret);
    const req = () => new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${t.token}`, "x-gatehouse-totp": code } });

    const actor = await authenticateBearer(req(), request);
    expect(actor).toMatchObject({ type: "API_TOKEN", id: t.id, staffId: admin.id, role: "ADMIN" });
    expect(actor.type === "API_TOKEN" && actor.steppedUpAt).toBeInstanceOf(Date);

    const replay = await getMe(req(), { params: Promise.resolve({}) });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.message).toMatch(/X-Gatehouse-TOTP code is wrong/);
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "auth.sign_in_failed", targetId: admin.id } })).toMatchObject({ data: { staffId: admin.id, method: "TOTP", reason: "wrong_code" } });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: admin.id } })).failedSignIns).toBe(1);
    // The refused request did not count as a use.
    expect(await db.auditEntry.count({ where: { action: "api_token.used", targetId: t.id } })).toBe(1);

    const malformed = await call(t.token, undefined, { "x-gatehouse-totp": "12ab" });
    expect(malformed.status).toBe(400);
    const plain = await call(t.token);
    expect((await plain.json()).steppedUp).toBe(false);
  });
});
