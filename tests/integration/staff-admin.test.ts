import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { accountLimit, recordFailure } from "@/lib/auth/brute-force";
import { activateSession, startSession } from "@/lib/auth/session";
import { db, type StaffRole } from "@/lib/db";
import { hit, peek } from "@/lib/security/rate-limit";
import { sharedRedis } from "@/lib/queue/connection";
import { acceptInvite, describeInvite } from "@/lib/staff/accept-invite";
import { changeRole, changeRoleUnchecked } from "@/lib/staff/change-role";
import { createStaff, createStaffUnchecked } from "@/lib/staff/create-staff";
import { disableStaff, disableStaffUnchecked } from "@/lib/staff/disable-staff";
import { enableStaff } from "@/lib/staff/enable-staff";
import { getStaff } from "@/lib/staff/get-staff";
import { listStaff } from "@/lib/staff/list-staff";
import { resetMfa } from "@/lib/staff/reset-mfa";
import { revokeAllStaffSessions, revokeStaffSession } from "@/lib/staff/revoke-staff-session";
import { hashInviteToken } from "@/lib/staff/shared";
import { unlockStaff } from "@/lib/staff/unlock-staff";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

const request = { requestId: "req-staff-admin", ip: "198.51.100.4", userAgent: "vitest" };
const cli: Actor = { type: "SYSTEM", id: "cli" };
const PASSWORD = "correct horse battery staple";

let n = 0;
/** A member made through the real use case (the CLI path), ACTIVE with a password. */
async function makeStaff(role: StaffRole): Promise<string> {
  n += 1;
  const res = await createStaffUnchecked(undefined, { email: `${role.toLowerCase()}${n}@gatehouse.test`, name: `${role} ${n}`, role, password: PASSWORD }, { actor: cli, via: "cli" });
  return res.staff.id;
}

const staffActor = (id: string, role: StaffRole, steppedUpAt: Date | null = new Date()): Actor => ({ type: "STAFF", id, role, steppedUpAt });

async function signIn(staffId: string): Promise<string> {
  return db.$transaction(async (tx) => {
    const { sessionId } = await startSession(tx, { staffId, method: "PASSWORD", request });
    await activateSession(tx, sessionId);
    return sessionId;
  });
}

const openSessions = (staffId: string) => db.staffSession.count({ where: { staffUserId: staffId, revokedAt: null } });
const audits = (action: string, targetId: string) => db.auditEntry.findMany({ where: { action, targetId }, orderBy: { seq: "asc" } });

describe("staff administration", () => {
  let adminId: string;
  let admin: Actor;
  beforeAll(async () => {
    adminId = await makeStaff("ADMIN");
    admin = staffActor(adminId, "ADMIN");
  });

  it("creates a member with a one-time invite link", async () => {
    const res = await createStaff(admin, { email: "  New.Agent@Example.COM ", name: " New Agent ", role: "AGENT" }, { request, via: "admin" });
    expect(res.staff).toMatchObject({ email: "new.agent@example.com", name: "New Agent", role: "AGENT", status: "INVITED" });
    const token = res.inviteUrl!.match(/\/invite\/([A-Za-z0-9_-]{43})$/)![1];
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: res.staff.id }, select: { inviteTokenHash: true, inviteExpiresAt: true, passwordHash: true } });
    expect(row.inviteTokenHash).toBe(hashInviteToken(token));
    expect(row.passwordHash).toBeNull();
    expect(Math.abs(row.inviteExpiresAt!.getTime() - Date.now() - 72 * 3600_000)).toBeLessThan(60_000);
    expect(await audits("staff.created", res.staff.id)).toMatchObject([{ actorId: adminId, ip: request.ip, data: { staffId: res.staff.id, role: "AGENT", via: "admin" } }]);
    expect(await audits("staff.invite_issued", res.staff.id)).toHaveLength(1);
  });

  it("creates a member with a password (ACTIVE, no invite) and enforces the password policy", async () => {
    const res = await createStaff(admin, { email: "pw@example.com", name: "Pw", role: "AUDITOR", password: PASSWORD }, { request, via: "api" });
    expect(res).toMatchObject({ staff: { status: "ACTIVE" }, inviteUrl: null, inviteExpiresAt: null });
    expect(await audits("staff.created", res.staff.id)).toMatchObject([{ data: { via: "api" } }]);
    expect(await audits("staff.password_set", res.staff.id)).toMatchObject([{ data: { via: "admin" } }]);
    await expect(createStaff(admin, { email: "short@example.com", name: "S", role: "AGENT", password: "short" }, { request, via: "admin" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createStaff(admin, { email: "not-an-email", name: "S", role: "AGENT" }, { request, via: "admin" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("refuses a duplicate email, whatever its case", async () => {
    await expect(createStaff(admin, { email: "PW@example.com", name: "Dup", role: "AGENT" }, { request, via: "admin" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A staff member with this email address already exists.",
    });
  });

  it("accepts an invite once; invalid and expired links get the same answer", async () => {
    const res = await createStaff(admin, { email: "invitee@example.com", name: "Invitee", role: "SUPERVISOR" }, { request, via: "admin" });
    const token = res.inviteUrl!.split("/invite/")[1];
    expect(await describeInvite(token)).toEqual({ email: "invitee@example.com", name: "Invitee" });
    expect(await describeInvite("x".repeat(43))).toBeNull();

    const later = new Date(Date.now() + 73 * 3600_000);
    const expired = acceptInvite({ token, password: PASSWORD, request, now: later });
    const unknown = acceptInvite({ token: "A".repeat(43), password: PASSWORD, request });
    for (const attempt of [expired, unknown]) {
      await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND", message: "This invite link is not valid or has expired. Ask an administrator for a new one." });
    }
    await expect(acceptInvite({ token, password: "too short", request })).rejects.toMatchObject({ code: "INVALID_INPUT" });

    expect(await acceptInvite({ token, password: PASSWORD, request })).toEqual({ staffId: res.staff.id, email: "invitee@example.com" });
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: res.staff.id }, select: { status: true, inviteTokenHash: true, passwordHash: true } });
    expect(row).toMatchObject({ status: "ACTIVE", inviteTokenHash: null });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await audits("staff.invite_accepted", res.staff.id)).toMatchObject([{ actorType: "STAFF", actorId: res.staff.id, actorRole: "SUPERVISOR" }]);
    await expect(acceptInvite({ token, password: PASSWORD, request })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("changes a role: ends the member's sessions and revokes tokens above the new role", async () => {
    const id = await makeStaff("SUPERVISOR");
    await signIn(id);
    await signIn(id);
    const base = { staffUserId: id, name: "t", expiresAt: new Date(Date.now() + 86_400_000) };
    const high = await db.apiToken.create({ data: { ...base, prefix: "gh_high", tokenHash: `h-${id}`, role: "SUPERVISOR" } });
    const low = await db.apiToken.create({ data: { ...base, prefix: "gh_low", tokenHash: `l-${id}`, role: "AGENT" } });

    const res = await changeRole(admin, { staffId: id, role: "AGENT" }, { request });
    expect(res).toMatchObject({ before: "SUPERVISOR", changed: true, sessionsEnded: 2, tokensRevoked: 1, staff: { role: "AGENT" } });
    expect(await openSessions(id)).toBe(0);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: high.id } })).revokedAt).not.toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: low.id } })).revokedAt).toBeNull();
    expect(await audits("staff.role_changed", id)).toMatchObject([{ actorId: adminId, data: { staffId: id, before: "SUPERVISOR", after: "AGENT" } }]);
    expect(await audits("auth.sessions_revoked", id)).toMatchObject([{ data: { reason: "role_changed" } }]);
    expect(await audits("api_token.revoked", high.id)).toHaveLength(1);

    expect(await changeRole(admin, { staffId: id, role: "AGENT" }, { request })).toMatchObject({ changed: false });
    expect(await audits("staff.role_changed", id)).toHaveLength(1);
  });

  it("disables (sessions end, invite dies) and enables a member", async () => {
    const id = await makeStaff("AGENT");
    await signIn(id);
    expect(await disableStaff(admin, { staffId: id }, { request })).toMatchObject({ staff: { status: "DISABLED" }, sessionsEnded: 1 });
    expect(await openSessions(id)).toBe(0);
    expect(await audits("staff.disabled", id)).toHaveLength(1);
    expect(await audits("auth.sessions_revoked", id)).toMatchObject([{ data: { reason: "disabled" } }]);
    await expect(disableStaff(admin, { staffId: id }, { request })).rejects.toMatchObject({ code: "CONFLICT" });

    expect(await enableStaff(admin, { staffId: id }, { request })).toMatchObject({ staff: { status: "ACTIVE" }, inviteUrl: null });
    expect(await audits("staff.enabled", id)).toHaveLength(1);
    await expect(enableStaff(admin, { staffId: id }, { request })).rejects.toMatchObject({ code: "CONFLICT" });

    const invited = await createStaff(admin, { email: "never@example.com", name: "Never", role: "AGENT" }, { request, via: "admin" });
    await disableStaff(admin, { staffId: invited.staff.id }, { request });
    expect(await describeInvite(invited.inviteUrl!.split("/invite/")[1])).toBeNull();
    const back = await enableStaff(admin, { staffId: invited.staff.id }, { request });
    expect(back.staff.status).toBe("INVITED");
    expect(await describeInvite(back.inviteUrl!.split("/invite/")[1])).toMatchObject({ email: "never@example.com" });
  });

  it("resets MFA: secret, recovery codes and sessions are gone", async () => {
    const id = await makeStaff("AGENT");
    await db.staffUser.update({ where: { id }, data: { mfaSecret: "sealed", mfaEnrolledAt: new Date(), mfaLastStep: 42 } });
    await db.mfaRecoveryCode.createMany({ data: [{ staffUserId: id, codeHash: "a" }, { staffUserId: id, codeHash: "b" }] });
    await signIn(id);
    expect(await resetMfa(admin, { staffId: id }, { request })).toMatchObject({ sessionsEnded: 1, recoveryCodesDeleted: 2 });
    const row = await db.staffUser.findUniqueOrThrow({ where: { id }, select: { mfaSecret: true, mfaEnrolledAt: true, mfaLastStep: true } });
    expect(row).toEqual({ mfaSecret: null, mfaEnrolledAt: null, mfaLastStep: null });
    expect(await db.mfaRecoveryCode.count({ where: { staffUserId: id } })).toBe(0);
    expect(await audits("staff.mfa_reset", id)).toMatchObject([{ actorId: adminId }]);
    expect(await audits("auth.sessions_revoked", id)).toMatchObject([{ data: { reason: "mfa_reset" } }]);
  });

  it("unlocks: clears the lock, the failure count and the Redis window; admins see the lockout first", async () => {
    const id = await makeStaff("AGENT");
    for (let i = 0; i < 5; i++) await recordFailure({ staffId: id, method: "PASSWORD", reason: "wrong_password", request });
    const locked = await getStaff(admin, { staffId: id }, { request });
    expect(locked.lockedUntil).not.toBeNull();
    expect(locked.signInEvents[0]).toMatchObject({ action: "auth.locked_out", outcome: "DENIED" });
    expect(locked.signInEvents[1]).toMatchObject({ action: "auth.sign_in_failed", reason: "wrong_password", ip: request.ip });
    expect((await listStaff(admin, { request })).find((r) => r.id === id)).toMatchObject({ failedSignIns: 5, lockedUntil: locked.lockedUntil });

    const res = await unlockStaff(admin, { staffId: id }, { request });
    expect(res.lockedUntil).toEqual(locked.lockedUntil);
    expect(await db.staffUser.findUniqueOrThrow({ where: { id }, select: { lockedUntil: true, failedSignIns: true } })).toEqual({ lockedUntil: null, failedSignIns: 0 });
    expect((await peek(accountLimit(), id)).count).toBe(0);
    expect(await audits("staff.unlocked", id)).toMatchObject([{ data: { staffId: id, lockedUntil: locked.lockedUntil!.toISOString() } }]);
    await hit(accountLimit(), id); // the window starts again from zero
    expect((await peek(accountLimit(), id)).count).toBe(1);
  });

  it("lists members and shows one with active sessions; revokes one or all sessions", async () => {
    const id = await makeStaff("AGENT");
    const s1 = await signIn(id);
    await signIn(id);
    expect((await listStaff(admin, { request })).find((r) => r.id === id)).toMatchObject({ activeSessions: 2, mfaEnrolled: false, status: "ACTIVE" });
    expect((await getStaff(admin, { staffId: id }, { request })).sessions).toHaveLength(2);

    expect(await revokeStaffSession(admin, { staffId: id, sessionId: s1 }, { request })).toEqual({ sessionId: s1, revoked: true });
    expect(await audits("auth.sessions_revoked", id)).toMatchObject([{ actorId: adminId, data: { sessionIds: [s1], reason: "admin" } }]);
    expect(await revokeStaffSession(admin, { staffId: id, sessionId: s1 }, { request })).toEqual({ sessionId: s1, revoked: false });
    await expect(revokeStaffSession(admin, { staffId: adminId, sessionId: s1 }, { request })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect((await revokeAllStaffSessions(admin, { staffId: id }, { request })).sessionIds).toHaveLength(1);
    expect(await openSessions(id)).toBe(0);
    await expect(getStaff(admin, { staffId: "not-a-uuid" }, { request })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses roles without staff.manage (audited) and reading to roles without staff.read", async () => {
    const supervisorId = await makeStaff("SUPERVISOR");
    const supervisor = staffActor(supervisorId, "SUPERVISOR");
    expect((await listStaff(supervisor, { request })).length).toBeGreaterThan(0);
    await expect(disableStaff(supervisor, { staffId: adminId }, { request })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditEntry.findFirst({ where: { action: "auth.denied", actorId: supervisorId } })).toMatchObject({
      outcome: "DENIED",
      targetType: "staff",
      targetId: adminId,
      data: { permission: "staff.manage", resourceId: adminId },
    });
    const agentId = await makeStaff("AGENT");
    await expect(listStaff(staffActor(agentId, "AGENT"), { request })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createStaff({ type: "ANONYMOUS" }, { email: "x@example.com", name: "X", role: "ADMIN" }, { request, via: "api" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: agentId } })).toBe(1);
    expect(await db.staffUser.count({ where: { email: "x@example.com" } })).toBe(0);
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: adminId } })).status).toBe("ACTIVE");
  });

  it("needs a recent step-up for staff.manage, not for staff.read", async () => {
    const id = await makeStaff("AGENT");
    for (const steppedUpAt of [null, new Date(Date.now() - 10 * 60_000)]) {
      await expect(disableStaff(staffActor(adminId, "ADMIN", steppedUpAt), { staffId: id }, { request })).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    }
    expect((await listStaff(staffActor(adminId, "ADMIN", null), { request })).length).toBeGreaterThan(0);
    expect((await db.staffUser.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
  });

  it("an admin cannot demote, disable or reset the MFA of themselves", async () => {
    await expect(changeRole(admin, { staffId: adminId, role: "AGENT" }, { request })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("your own account") });
    await expect(disableStaff(admin, { staffId: adminId }, { request })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resetMfa(admin, { staffId: adminId }, { request })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.staffUser.findUniqueOrThrow({ where: { id: adminId }, select: { role: true, status: true } })).toEqual({ role: "ADMIN", status: "ACTIVE" });
  });

  // Last: it disables every admin but two.
  it("never leaves zero active admins, even when two admins demote each other at once", async () => {
    const otherId = await makeStaff("ADMIN");
    const others = await db.staffUser.findMany({ where: { role: "ADMIN", status: "ACTIVE", id: { notIn: [adminId, otherId] } }, select: { id: true } });
    for (const o of others) await disableStaffUnchecked(undefined, { staffId: o.id }, { actor: cli });

    const results = await Promise.allSettled([
      changeRole(admin, { staffId: otherId, role: "AGENT" }, { request }),
      changeRole(staffActor(otherId, "ADMIN"), { staffId: adminId, role: "AGENT" }, { request }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    const [last] = await db.staffUser.findMany({ where: { role: "ADMIN", status: "ACTIVE" }, select: { id: true } });
    expect(await db.staffUser.count({ where: { role: "ADMIN", status: "ACTIVE" } })).toBe(1);

    await expect(disableStaffUnchecked(undefined, { staffId: last.id }, { actor: cli })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeRoleUnchecked(undefined, { staffId: last.id, role: "SUPERVISOR" }, { actor: cli })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.staffUser.count({ where: { role: "ADMIN", status: "ACTIVE" } })).toBe(1);
  });
});
