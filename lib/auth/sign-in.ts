import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { assertIpAllowed, lockedMessage, recordFailure } from "./brute-force";
import { verifyPassword } from "./password";
import { startSession } from "./session";

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const WRONG = "Email or password is wrong.";

/**
 * First factor: email + password. Every refusal is counted and audited (brute-force.ts); the
 * message never says whether the email belongs to a staff member. Success starts a session that
 * can only complete MFA (session.ts); the caller (Auth.js credentials provider) puts its token in
 * the cookie.
 */
export async function passwordSignIn(input: {
  email: string;
  password: string;
  request?: RequestContext;
  now?: Date;
}): Promise<{ staffId: string; token: string; sessionId: string }> {
  const now = input.now ?? new Date();
  await assertIpAllowed(input.request);
  const email = normaliseEmail(input.email);
  const staff = email
    ? await db.staffUser.findUnique({
        where: { email },
        select: { id: true, status: true, lockedUntil: true, passwordHash: true },
      })
    : null;
  // Always run one argon2 verification, so timing does not reveal which emails exist.
  const ok = await verifyPassword(staff?.passwordHash, input.password.slice(0, 1024));

  if (!staff) {
    await recordFailure({ staffId: null, method: "PASSWORD", reason: "unknown_email", request: input.request, now });
    throw new AppError("UNAUTHENTICATED", WRONG);
  }
  if (staff.lockedUntil && staff.lockedUntil > now) {
    // Counted too: guesses during a lock are still guesses.
    await recordFailure({ staffId: staff.id, countAccount: false, method: "PASSWORD", reason: "locked", request: input.request, now });
    throw new AppError("FORBIDDEN", lockedMessage(staff.lockedUntil), { locked: true });
  }
  if (!ok) {
    const { lockedUntil } = await recordFailure({ staffId: staff.id, method: "PASSWORD", reason: staff.passwordHash ? "wrong_password" : "no_password", request: input.request, now });
    if (lockedUntil) throw new AppError("FORBIDDEN", lockedMessage(lockedUntil), { locked: true });
    throw new AppError("UNAUTHENTICATED", WRONG);
  }
  if (staff.status !== "ACTIVE") {
    await recordFailure({ staffId: staff.id, countAccount: false, method: "PASSWORD", reason: "disabled", request: input.request, now });
    throw new AppError("FORBIDDEN", "This staff account is disabled. Ask an administrator.");
  }
  const session = await db.$transaction((tx) => startSession(tx, { staffId: staff.id, method: "PASSWORD", request: input.request, now }));
  return { staffId: staff.id, ...session };
}
