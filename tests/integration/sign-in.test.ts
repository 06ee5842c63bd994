import { afterAll, describe, expect, it } from "vitest";
import { currentTotp } from "@/lib/auth/mfa";
import { resolveSession, sessionActor, type ResolvedSession } from "@/lib/auth/session";
import { passwordSignIn } from "@/lib/auth/sign-in";
import { confirmEnrolment, beginEnrolment, verifySecondFactor } from "@/lib/auth/second-factor";
import { confirmStepUp } from "@/lib/auth/step-up";
import { signOutEverywhere } from "@/lib/auth/sign-out";
import { requireStaff } from "@/lib/auth/require-staff";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { makeSession, makeStaff, TEST_PASSWORD } from "./support/staff";

afterAll(() => db.$disconnect());

let ipCounter = 0;
const fromIp = () => ({ requestId: `req-${++ipCounter}`, ip: `198.51.100.${ipCounter % 250}`, userAgent: "vitest" });

async function pending(token: string): Promise<ResolvedSession> {
  const r = await resolveSession(token);
  if (!r.ok) throw new Error(`session not valid: ${r.reason}`);
  return r.session;
}

describe("password, then TOTP", () => {
  it("a right password starts a session that can only do MFA; the right code makes it ACTIVE and audits the sign-in", async () => {
    const staff = await makeStaff("AGENT");
    const request = fromIp();
    const { token, sessionId } = await passwordSignIn({ email: ` ${staff.email.toUpperCase()} `, password: TEST_PASSWORD, request });
    const s = await pending(token);
    expect(s.stage).toBe("MFA_VERIFY");
    expect(sessionActor(s)).toEqual({ type: "ANONYMOUS" });
    expect(s.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const done = await verifySecondFactor({ session: s, code: currentTotp(staff.secret!), request });
    const active = await pending(done.token);
    expect(active.stage).toBe("ACTIVE");
    expect(sessionActor(active)).toMatchObject({ type: "STAFF", id: staff.id, role: "AGENT", sessionId: done.sessionId });
    expect(active.expiresAt.getTime() - Date.now()).toBeGreaterThan(config.SESSION_ABSOLUTE_SECONDS * 1000 - 60_000);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "auth.signed_in" } });
    expect(entry).toMatchObject({ actorId: staff.id, ip: request.ip, data: { sessionId: done.sessionId, method: "PASSWORD", secondFactor: "TOTP" } });
    // The token issued after the password alone is worth nothing once MFA has passed.
    expect(await resolveSession(token)).toEqual({ ok: false, reason: "revoked" });
    expect(done.sessionId).not.toBe(sessionId);
  });

  it("completing MFA issues a new session id and token and ends the pre-MFA one (session fixation)", async () => {
    const staff = await makeStaff("AGENT");
    const request = fromIp();
    const first = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request });
    const s = await pending(first.token);
    const done = await verifySecondFactor({ session: s, code: currentTotp(staff.secret!), request });
    expect(done.token).not.toBe(first.token);
    expect(done.sessionId).not.toBe(first.sessionId);
    expect(await resolveSession(first.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await resolveSession(done.token)).toMatchObject({ ok: true, session: { stage: "ACTIVE", sessionId: done.sessionId, method: "PASSWORD" } });
    const rows = await db.staffSession.findMany({ where: { staffUserId: staff.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.id, r.revokedAt !== null, r.mfaVerifiedAt !== null])).toEqual([
      [first.sessionId, true, false],
      [done.sessionId, false, true],
    ]);
    expect(rows[1]).toMatchObject({ ip: request.ip, userAgent: "vitest" });
    // The pending session cannot be completed a second time (a replayed or racing request).
    await expect(verifySecondFactor({ session: s, code: currentTotp(staff.secret!, Date.now() + 30_000), request })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("every sign-in gets a new session id and token", async () => {
    const staff = await makeStaff("AGENT");
    const a = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    const b = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.token).not.toBe(b.token);
    // Only the SHA-256 of the token is stored.
    const row = await db.staffSession.findUniqueOrThrow({ where: { id: a.sessionId }, select: { tokenHash: true } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(a.token);
  });

  it("unknown email and wrong password get the same message; both are audited without the typed email", async () => {
    const staff = await makeStaff("AGENT");
    const unknown = passwordSignIn({ email: "nobody@it.test", password: "whatever-it-is", request: fromIp() });
    await expect(unknown).rejects.toMatchObject({ code: "UNAUTHENTICATED", message: "Email or password is wrong." });
    const wrong = passwordSignIn({ email: staff.email, password: "not-the-password", request: fromIp() });
    await expect(wrong).rejects.toMatchObject({ code: "UNAUTHENTICATED", message: "Email or password is wrong." });
    const entries = await db.auditEntry.findMany({ where: { action: "auth.sign_in_failed" }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => (e.data as { reason: string }).reason)).toEqual(["unknown_email", "wrong_password"]);
    expect(JSON.stringify(entries.map((e) => e.data))).not.toContain("nobody@it.test");
  });

  it("a TOTP code works once: the same code is refused the second time", async () => {
    const staff = await makeStaff("AGENT");
    const code = currentTotp(staff.secret!);
    const first = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    await verifySecondFactor({ session: await pending(first.token), code });
    const second = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    await expect(verifySecondFactor({ session: await pending(second.token), code })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await pending(second.token)).stage).toBe("MFA_VERIFY");
  });
});

describe("brute force", () => {
  it("the fifth failure locks the account for the window, ends its sessions, and is audited; then even the right password is refused", async () => {
    const staff = await makeStaff("SUPERVISOR");
    const live = await makeSession(staff.id);
    for (let i = 1; i <= 4; i++) {
      await expect(passwordSignIn({ email: staff.email, password: `wrong-${i}`, request: fromIp() })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await expect(passwordSignIn({ email: staff.email, password: "wrong-5", request: fromIp() })).rejects.toMatchObject({ code: "FORBIDDEN", details: { locked: true } });
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: staff.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + (config.SIGN_IN_WINDOW_SECONDS - 5) * 1000);
    expect(row.failedSignIns).toBe(5);
    expect(await resolveSession(live.token)).toEqual({ ok: false, reason: "revoked" });
    await expect(passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() })).rejects.toMatchObject({ code: "FORBIDDEN", details: { locked: true } });
    const locked = await db.auditEntry.findFirstOrThrow({ where: { action: "auth.locked_out" } });
    expect(locked).toMatchObject({ targetId: staff.id, outcome: "DENIED", data: { failures: 5 } });
  });

  it("wrong TOTP codes count toward the same lockout", async () => {
    const staff = await makeStaff("AGENT");
    const { token } = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    const s = await pending(token);
    for (let i = 0; i < 4; i++) await expect(verifySecondFactor({ session: s, code: "000000" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(verifySecondFactor({ session: s, code: "000000" })).rejects.toMatchObject({ details: { locked: true } });
    expect(await resolveSession(token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("one client IP is refused with 429 after its limit, whatever the account", async () => {
    const request = { requestId: "ip-limit", ip: "192.0.2.99" };
    for (let i = 0; i < config.SIGN_IN_MAX_FAILURES_PER_IP; i++) {
      await expect(passwordSignIn({ email: `guess-${i}@it.test`, password: "guess-guess", request })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await expect(passwordSignIn({ email: "guess-x@it.test", password: "guess-guess", request })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await db.auditEntry.count({ where: { action: "auth.ip_limited", ip: "192.0.2.99" } })).toBe(1);
  });
});

describe("enrolment and recovery codes", () => {
  it("enrols with a QR code, returns 10 recovery codes once, stores only their hashes; each works once", async () => {
    const staff = await makeStaff("AUDITOR", { enrolled: false });
    const { token } = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    const s = await pending(token);
    expect(s.stage).toBe("MFA_ENROL");
    const { secret, qrSvg, uri } = await beginEnrolment(s);
    expect(qrSvg).toContain("<svg");
    expect(uri).toContain("otpauth://totp/");
    // A reload shows the same secret until it is confirmed.
    expect((await beginEnrolment(s)).secret).toBe(secret);
    await expect(confirmEnrolment({ session: s, code: "123456" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const { recoveryCodes, token: activeToken } = await confirmEnrolment({ session: s, code: currentTotp(secret) });
    expect(recoveryCodes).toHaveLength(10);
    // Enrolment completes MFA too: a new token, and the pre-MFA one ends.
    expect(activeToken).not.toBe(token);
    expect((await pending(activeToken)).stage).toBe("ACTIVE");
    expect(await resolveSession(token)).toEqual({ ok: false, reason: "revoked" });
    const stored = await db.mfaRecoveryCode.findMany({ where: { staffUserId: staff.id }, select: { codeHash: true } });
    expect(stored).toHaveLength(10);
    expect(stored.some((c) => recoveryCodes.includes(c.codeHash))).toBe(false);

    const next = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    const res = await verifySecondFactor({ session: await pending(next.token), code: recoveryCodes[3].toUpperCase() });
    expect(res).toMatchObject({ usedRecoveryCode: true, recoveryCodesLeft: 9 });
    const again = await passwordSignIn({ email: staff.email, password: TEST_PASSWORD, request: fromIp() });
    await expect(verifySecondFactor({ session: await pending(again.token), code: recoveryCodes[3] })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("session rules", () => {
  it("idle, absolute expiry, revocation, a later sessionsValidAfter and disabling each end a session", async () => {
    const staff = await makeStaff("AGENT");
    const idle = await makeSession(staff.id);
    await db.staffSession.update({ where: { id: idle.sessionId }, data: { lastActiveAt: new Date(Date.now() - (config.SESSION_IDLE_SECONDS + 1) * 1000) } });
    expect(await resolveSession(idle.token)).toEqual({ ok: false, reason: "idle" });

    const old = await makeSession(staff.id);
    await db.staffSession.update({ where: { id: old.sessionId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await resolveSession(old.token)).toEqual({ ok: false, reason: "expired" });

    const fine = await makeSession(staff.id);
    const touchedBefore = new Date(Date.now() - 60_000);
    await db.staffSession.update({ where: { id: fine.sessionId }, data: { lastActiveAt: touchedBefore } });
    const ok = await resolveSession(fine.token);
    expect(ok.ok).toBe(true);
    // Activity moves the idle clock.
    expect((await db.staffSession.findUniqueOrThrow({ where: { id: fine.sessionId } })).lastActiveAt.getTime()).toBeGreaterThan(touchedBefore.getTime());

    expect(await resolveSession("not-a-token")).toEqual({ ok: false, reason: "unknown" });

    await db.staffUser.update({ where: { id: staff.id }, data: { sessionsValidAfter: new Date(Date.now() + 1000) } });
    expect(await resolveSession(fine.token)).toEqual({ ok: false, reason: "superseded" });

    const other = await makeStaff("AGENT");
    const s2 = await makeSession(other.id);
    await db.staffUser.update({ where: { id: other.id }, data: { status: "DISABLED" } });
    expect(await resolveSession(s2.token)).toEqual({ ok: false, reason: "disabled" });
  });

  it("sign out everywhere ends every session of the member, and only theirs", async () => {
    const staff = await makeStaff("AGENT");
    const other = await makeStaff("AGENT");
    const a = await makeSession(staff.id);
    const b = await makeSession(staff.id);
    const c = await makeSession(other.id);
    const actor = sessionActor(await pending(a.token));
    expect(await signOutEverywhere({ actor })).toEqual({ ended: 2 });
    expect((await resolveSession(a.token)).ok).toBe(false);
    expect((await resolveSession(b.token)).ok).toBe(false);
    expect((await resolveSession(c.token)).ok).toBe(true);
    expect(await db.auditEntry.count({ where: { action: "auth.sessions_revoked", targetId: staff.id } })).toBe(1);
  });
});

describe("step-up", () => {
  it("a step-up permission needs a fresh confirmation; a TOTP or the password gives it for STEP_UP_SECONDS", async () => {
    const staff = await makeStaff("AGENT");
    const { token } = await makeSession(staff.id, { steppedUp: false });
    const actor = sessionActor(await pending(token));
    await expect(requireStaff(actor, "device.revoke")).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    // Not a step-up permission: allowed as is.
    await expect(requireStaff(actor, "case.claim")).resolves.toMatchObject({ actor: { id: staff.id } });

    await expect(confirmStepUp({ actor, password: "wrong password!", request: fromIp() })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await confirmStepUp({ actor, code: currentTotp(staff.secret!), request: fromIp() });
    const fresh = sessionActor(await pending(token));
    await expect(requireStaff(fresh, "device.revoke")).resolves.toMatchObject({ actor: { id: staff.id } });
    await expect(requireStaff(fresh, "device.revoke", { now: new Date(Date.now() + (config.STEP_UP_SECONDS + 1) * 1000) })).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    const { token: t2 } = await makeSession(staff.id, { steppedUp: false });
    const actor2 = sessionActor(await pending(t2));
    await confirmStepUp({ actor: actor2, password: TEST_PASSWORD });
    await expect(requireStaff(sessionActor(await pending(t2)), "device.authorize")).resolves.toBeTruthy();
    expect(await db.auditEntry.count({ where: { action: "auth.step_up", targetId: staff.id } })).toBe(2);
  });
});
