import { randomUUID } from "node:crypto";
import { newTotpSecret, sealSecret } from "@/lib/auth/mfa";
import { hashPassword } from "@/lib/auth/password";
import { activateSession, startSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { StaffRole } from "@/lib/generated/prisma/enums";

export const TEST_PASSWORD = "integration-test-password";

export interface MadeStaff {
  id: string;
  email: string;
  role: StaffRole;
  secret: string | null;
}

/** An ACTIVE staff member with a password and (unless enrolled: false) a TOTP secret. */
export async function makeStaff(role: StaffRole, opts: { enrolled?: boolean; email?: string } = {}): Promise<MadeStaff> {
  const secret = opts.enrolled === false ? null : newTotpSecret();
  const email = opts.email ?? `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@it.test`;
  const row = await db.staffUser.create({
    data: {
      email,
      name: `Test ${role}`,
      role,
      passwordHash: await hashPassword(TEST_PASSWORD),
      mfaSecret: secret ? sealSecret(secret) : null,
      mfaEnrolledAt: secret ? new Date() : null,
      sessionsValidAfter: new Date(Date.now() - 60_000),
    },
    select: { id: true },
  });
  return { id: row.id, email, role, secret };
}

/** An ACTIVE (MFA-passed) session for the member; returns its cookie token and id. */
export async function makeSession(staffId: string, opts: { steppedUp?: boolean } = {}): Promise<{ token: string; sessionId: string }> {
  return db.$transaction(async (tx) => {
    const s = await startSession(tx, { staffId, method: "PASSWORD" });
    await activateSession(tx, s.sessionId);
    if (opts.steppedUp === false) await tx.staffSession.update({ where: { id: s.sessionId }, data: { steppedUpAt: null } });
    return s;
  });
}
