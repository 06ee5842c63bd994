import { appendAudit } from "../audit/append";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { assertIpAllowed, assertNotLocked, clearFailures, lockedMessage, recordFailure } from "./brute-force";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, normaliseCode, openSecret, sealSecret, totpQrSvg, totpUri, verifyTotp } from "./mfa";
import { completeSecondFactor, type ResolvedSession } from "./session";
import { claimTotpStep } from "./totp-step";

// Second factor: TOTP (or a single-use recovery code) after the password or OIDC, and TOTP
// enrolment for staff who have none. Failures count toward the same lockout as passwords.

const WRONG_CODE = "That code is not right. Use the current 6-digit code from your authenticator app, or a recovery code.";

async function loadMfa(staffId: string) {
  const staff = await db.staffUser.findUniqueOrThrow({
    where: { id: staffId },
    select: { id: true, email: true, lockedUntil: true, mfaSecret: true, mfaEnrolledAt: true, mfaLastStep: true },
  });
  return staff;
}

/** Checks a TOTP code (replay-safe) or a recovery code for a staff member. Marks what it used. */
async function checkCode(
  tx: Tx,
  staff: { id: string; mfaSecret: string | null; mfaLastStep: number | null },
  input: string,
  now: Date,
): Promise<"TOTP" | "RECOVERY_CODE" | null> {
  const code = normaliseCode(input);
  if (/^\d{6}$/.test(code)) {
    if (!staff.mfaSecret) return null;
    const step = verifyTotp(openSecret(staff.mfaSecret), code, { lastUsedStep: staff.mfaLastStep, now: now.getTime() });
    if (step === null) return null;
    return (await claimTotpStep(tx, staff.id, step)) ? "TOTP" : null;
  }
  if (code.length < 8 || code.length > 32) return null;
  const used = await tx.mfaRecoveryCode.updateMany({
    where: { staffUserId: staff.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  });
  return used.count === 1 ? "RECOVERY_CODE" : null;
}

async function refuse(staffId: string, factor: "TOTP" | "RECOVERY_CODE", request: RequestContext | undefined, now: Date): Promise<never> {
  const { lockedUntil } = await recordFailure({ staffId, method: factor, reason: "wrong_code", request, now });
  if (lockedUntil) throw new AppError("FORBIDDEN", lockedMessage(lockedUntil), { locked: true });
  throw new AppError("UNAUTHENTICATED", WRONG_CODE, { field: "code" });
}

/**
 * Completes sign-in with a TOTP or recovery code: the pending session ends and an ACTIVE one with
 * a new token replaces it (the caller puts `token` in the cookie).
 */
export async function verifySecondFactor(input: {
  session: ResolvedSession;
  code: string;
  request?: RequestContext;
  now?: Date;
}): Promise<{ usedRecoveryCode: boolean; recoveryCodesLeft: number; token: string; sessionId: string }> {
  const now = input.now ?? new Date();
  if (input.session.stage !== "MFA_VERIFY") throw new AppError("CONFLICT", "This session is not waiting for a code.");
  await assertIpAllowed(input.request);
  const staff = await loadMfa(input.session.staff.id);
  assertNotLocked(staff, now);
  const factorKind = /^\d{6}$/.test(normaliseCode(input.code)) ? "TOTP" : "RECOVERY_CODE";
  const result = await db.$transaction(async (tx) => {
    const used = await checkCode(tx, staff, input.code, now);
    if (!used) return null;
    const active = await completeSecondFactor(tx, input.session.sessionId, { request: input.request, now });
    await appendAudit(tx, {
      action: "auth.signed_in",
      actor: { type: "STAFF", id: staff.id, role: input.session.staff.role, sessionId: active.sessionId },
      target: { type: "staff", id: staff.id },
      request: input.request,
      data: { staffId: staff.id, sessionId: active.sessionId, method: input.session.method, secondFactor: used },
    });
    const left = await tx.mfaRecoveryCode.count({ where: { staffUserId: staff.id, usedAt: null } });
    return { usedRecoveryCode: used === "RECOVERY_CODE", recoveryCodesLeft: left, ...active };
  });
  if (!result) return refuse(staff.id, factorKind, input.request, now);
  await clearFailures(staff.id);
  return result;
}

/** Enrolment, step 1: the secret (kept sealed on the staff row until confirmed) and its QR code. */
export async function beginEnrolment(session: ResolvedSession): Promise<{ secret: string; uri: string; qrSvg: string }> {
  if (session.stage !== "MFA_ENROL") throw new AppError("CONFLICT", "An authenticator is already enrolled for this account.");
  const staff = await loadMfa(session.staff.id);
  let secret = staff.mfaSecret ? openSecret(staff.mfaSecret) : null;
  if (!secret) {
    secret = newTotpSecret();
    // Only while not enrolled: a concurrent tab keeps the first secret.
    await db.staffUser.updateMany({ where: { id: staff.id, mfaEnrolledAt: null, mfaSecret: null }, data: { mfaSecret: sealSecret(secret) } });
    const again = await loadMfa(staff.id);
    secret = openSecret(again.mfaSecret!);
  }
  const uri = totpUri(secret, staff.email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/**
 * Enrolment, step 2: the first code proves the app has the secret. Returns recovery codes, shown
 * once, and — as verifySecondFactor — the new ACTIVE session that replaces the pending one.
 */
export async function confirmEnrolment(input: {
  session: ResolvedSession;
  code: string;
  request?: RequestContext;
  now?: Date;
}): Promise<{ recoveryCodes: string[]; token: string; sessionId: string }> {
  const now = input.now ?? new Date();
  if (input.session.stage !== "MFA_ENROL") throw new AppError("CONFLICT", "An authenticator is already enrolled for this account.");
  await assertIpAllowed(input.request);
  const staff = await loadMfa(input.session.staff.id);
  assertNotLocked(staff, now);
  if (!staff.mfaSecret) throw new AppError("CONFLICT", "Start enrolment again: no secret is pending.");
  if (!/^\d{6}$/.test(normaliseCode(input.code))) throw new AppError("INVALID_INPUT", "Enter the 6-digit code your app shows.", { field: "code" });
  const codes = newRecoveryCodes();
  const active = await db.$transaction(async (tx) => {
    if ((await checkCode(tx, staff, input.code, now)) !== "TOTP") return null;
    await tx.staffUser.update({ where: { id: staff.id }, data: { mfaEnrolledAt: now } });
    await tx.mfaRecoveryCode.deleteMany({ where: { staffUserId: staff.id } });
    await tx.mfaRecoveryCode.createMany({ data: codes.map((c) => ({ staffUserId: staff.id, codeHash: hashRecoveryCode(c) })) });
    const next = await completeSecondFactor(tx, input.session.sessionId, { request: input.request, now });
    const actor = { type: "STAFF" as const, id: staff.id, role: input.session.staff.role, sessionId: next.sessionId };
    await appendAudit(tx, { action: "auth.mfa_enrolled", actor, target: { type: "staff", id: staff.id }, request: input.request, data: { staffId: staff.id } });
    await appendAudit(tx, {
      action: "auth.signed_in",
      actor,
      target: { type: "staff", id: staff.id },
      request: input.request,
      data: { staffId: staff.id, sessionId: next.sessionId, method: input.session.method, secondFactor: "ENROLMENT" },
    });
    return next;
  });
  if (!active) return refuse(staff.id, "TOTP", input.request, now);
  await clearFailures(staff.id);
  return { recoveryCodes: codes, ...active };
}

/** Replaces the recovery codes (the old ones stop working). Needs a fresh TOTP code. */
export async function regenerateRecoveryCodes(input: {
  staffId: string;
  role: ResolvedSession["staff"]["role"];
  sessionId: string;
  code: string;
  request?: RequestContext;
  now?: Date;
}): Promise<{ recoveryCodes: string[] }> {
  const now = input.now ?? new Date();
  await assertIpAllowed(input.request);
  const staff = await loadMfa(input.staffId);
  assertNotLocked(staff, now);
  const codes = newRecoveryCodes();
  const ok = await db.$transaction(async (tx) => {
    if ((await checkCode(tx, staff, input.code, now)) !== "TOTP") return false;
    await tx.mfaRecoveryCode.deleteMany({ where: { staffUserId: staff.id } });
    await tx.mfaRecoveryCode.createMany({ data: codes.map((c) => ({ staffUserId: staff.id, codeHash: hashRecoveryCode(c) })) });
    await appendAudit(tx, {
      action: "auth.recovery_codes_regenerated",
      actor: { type: "STAFF", id: staff.id, role: input.role, sessionId: input.sessionId },
      target: { type: "staff", id: staff.id },
      request: input.request,
      data: { staffId: staff.id, count: codes.length },
    });
    return true;
  });
  if (!ok) return refuse(staff.id, "TOTP", input.request, now);
  return { recoveryCodes: codes };
}
