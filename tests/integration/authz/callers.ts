import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { sessionCookie } from "@/lib/auth/cookie";
import { currentTotp, newTotpSecret, sealSecret } from "@/lib/auth/mfa";
import { hashPassword } from "@/lib/auth/password";
import { activateSession, startSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import type { StaffRole } from "@/lib/generated/prisma/enums";

export const ROLES = ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"] as const satisfies readonly StaffRole[];
export type Caller = StaffRole | "ANONYMOUS" | "REVOKED_TOKEN";
export const CALLERS: readonly Caller[] = [...ROLES, "ANONYMOUS", "REVOKED_TOKEN"];
export const PASSWORD = "matrix-caller-password";

let passwordHash: Promise<string> | undefined;

export interface CallerIdentity {
  caller: Caller;
  staffId: string | null;
  /** Console: the Auth.js session cookie value (an ACTIVE, stepped-up session). */
  cookie: string | null;
  /** API: Authorization and step-up headers. */
  apiHeaders: Record<string, string>;
  totp(): string;
}

/** A fresh staff member per call, so per-person state (TOTP steps, lockouts) never leaks between cases. */
export async function makeCaller(caller: Caller): Promise<CallerIdentity> {
  if (caller === "ANONYMOUS") return { caller, staffId: null, cookie: null, apiHeaders: {}, totp: () => "000000" };
  const role: StaffRole = caller === "REVOKED_TOKEN" ? "ADMIN" : caller;
  const secret = newTotpSecret();
  passwordHash ??= hashPassword(PASSWORD);
  const staff = await db.staffUser.create({
    data: {
      email: `matrix-${role.toLowerCase()}-${randomUUID().slice(0, 8)}@it.test`,
      name: `Matrix ${role}`,
      role,
      passwordHash: await passwordHash,
      mfaSecret: sealSecret(secret),
      mfaEnrolledAt: new Date(),
      sessionsValidAfter: new Date(Date.now() - 60_000),
    },
    select: { id: true },
  });
  const actor = { type: "SYSTEM" as const, id: "matrix" };
  const { token } = await createApiTokenUnchecked(undefined, { staffId: staff.id, name: "matrix", expiresInDays: 1 }, { actor, via: "cli" });
  if (caller === "REVOKED_TOKEN") {
    await db.apiToken.updateMany({ where: { staffUserId: staff.id }, data: { revokedAt: new Date() } });
  }
  const session = await db.$transaction(async (tx) => {
    const s = await startSession(tx, { staffId: staff.id, method: "PASSWORD" });
    await activateSession(tx, s.sessionId);
    return s;
  });
  const cookie = caller === "REVOKED_TOKEN" ? null : await encode({ token: { sid: session.token }, secret: config.AUTH_SECRET, salt: sessionCookie.name });
  return {
    caller,
    staffId: staff.id,
    cookie,
    apiHeaders: { authorization: `Bearer ${token}`, "x-gatehouse-totp": currentTotp(secret) },
    totp: () => currentTotp(secret),
  };
}
