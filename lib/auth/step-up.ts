import { appendAudit } from "../audit/append";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import type { Actor } from "./actor";
import { assertIpAllowed, assertNotLocked, lockedMessage, recordFailure } from "./brute-force";
import { normaliseCode, openSecret, verifyTotp } from "./mfa";
import { verifyPassword } from "./password";
import { claimTotpStep } from "./totp-step";

/**
 * Step-up: a signed-in staff member confirms their password or a TOTP code; for STEP_UP_SECONDS
 * the session may then authorise or revoke devices, override blocks, export audit data and
 * manage staff (permissions marked `stepUp`). Wrong confirmations count toward the lockout, and a
 * lockout ends the session.
 */
export async function confirmStepUp(input: {
  actor: Actor;
  password?: string;
  code?: string;
  request?: RequestContext;
  now?: Date;
}): Promise<{ steppedUpAt: Date }> {
  const now = input.now ?? new Date();
  const { actor } = input;
  if (actor.type !== "STAFF" || !actor.sessionId) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  await assertIpAllowed(input.request);
  const staff = await db.staffUser.findUniqueOrThrow({
    where: { id: actor.id },
    select: { id: true, lockedUntil: true, passwordHash: true, mfaSecret: true, mfaLastStep: true },
  });
  assertNotLocked(staff, now);

  let factor: "PASSWORD" | "TOTP";
  let ok = false;
  if (input.code) {
    factor = "TOTP";
    const code = normaliseCode(input.code);
    const step = staff.mfaSecret && /^\d{6}$/.test(code) ? verifyTotp(openSecret(staff.mfaSecret), code, { lastUsedStep: staff.mfaLastStep, now: now.getTime() }) : null;
    if (step !== null) {
      ok = await db.$transaction((tx) => claimTotpStep(tx, staff.id, step));
    }
  } else if (input.password) {
    factor = "PASSWORD";
    ok = await verifyPassword(staff.passwordHash, input.password.slice(0, 1024));
  } else {
    throw new AppError("INVALID_INPUT", "Enter your password or an authenticator code.");
  }

  if (!ok) {
    const { lockedUntil } = await recordFailure({ staffId: staff.id, method: factor === "TOTP" ? "TOTP" : "PASSWORD", reason: factor === "TOTP" ? "wrong_code" : "wrong_password", request: input.request, now });
    if (lockedUntil) throw new AppError("UNAUTHENTICATED", lockedMessage(lockedUntil), { locked: true });
    throw new AppError("INVALID_INPUT", factor === "TOTP" ? "That code is not right." : "That password is not right.", { field: factor === "TOTP" ? "code" : "password" });
  }
  const sessionId = actor.sessionId;
  await db.$transaction(async (tx) => {
    const res = await tx.staffSession.updateMany({ where: { id: sessionId, staffUserId: staff.id, revokedAt: null }, data: { steppedUpAt: now } });
    if (res.count !== 1) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    await appendAudit(tx, { action: "auth.step_up", actor, target: { type: "staff", id: staff.id }, request: input.request, data: { staffId: staff.id, sessionId, factor } });
  });
  return { steppedUpAt: now };
}
