import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { sessionCookie, sessionTokenFromCookie } from "@/lib/auth/cookie";
import { currentTotp, newTotpSecret, sealSecret } from "@/lib/auth/mfa";
import { hashPassword } from "@/lib/auth/password";
import { activateSession, resolveSession, sessionActor, startSession, type SessionEnd } from "@/lib/auth/session";
import { signOutEverywhere } from "@/lib/auth/sign-out";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import type { StaffRole } from "@/lib/generated/prisma/enums";

export const ROLES = ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"] as const satisfies readonly StaffRole[];

/**
 * Who calls. Besides the four roles and a caller with no credentials at all, each channel has
 * callers whose credential is real and well-formed but dead, so only the server-side check can
 * refuse them:
 *   /api/v1 (Bearer): a token that was revoked, and one that expired;
 *   the console (session cookie: server actions, cookie route handlers): a valid Auth.js cookie
 *   whose session ended with "sign out everywhere", and one that went idle.
 */
export type DeadCaller = "REVOKED_TOKEN" | "EXPIRED_TOKEN" | "REVOKED_SESSION" | "EXPIRED_SESSION";
export type Caller = StaffRole | "ANONYMOUS" | DeadCaller;
export type Channel = "api" | "session";

export const CALLERS: Record<Channel, readonly Caller[]> = {
  api: [...ROLES, "ANONYMOUS", "REVOKED_TOKEN", "EXPIRED_TOKEN"],
  session: [...ROLES, "ANONYMOUS", "REVOKED_SESSION", "EXPIRED_SESSION"],
};

/** Callers that must be refused as unauthenticated (401 / UNAUTHENTICATED), whatever the entry allows. */
export const isUnauthenticated = (c: Caller): boolean => !(ROLES as readonly string[]).includes(c);

export const PASSWORD = "matrix-caller-password";

let passwordHash: Promise<string> | undefined;

export interface CallerIdentity {
  caller: Caller;
  staffId: string | null;
  /** Console: the Auth.js session cookie value (ACTIVE and stepped up for the roles; dead for REVOKED_/EXPIRED_SESSION). */
  cookie: string | null;
  /** API: Authorization and step-up headers (none for the session callers). */
  apiHeaders: Record<string, string>;
  totp(): string;
}

const cookieFor = (token: string) => encode({ token: { sid: token }, secret: config.AUTH_SECRET, salt: sessionCookie.name });

/** Fails the test setup if a dead session is not dead for the reason it claims, or its cookie does not decode. */
async function assertDead(cookie: string, want: readonly SessionEnd[]): Promise<void> {
  const token = await sessionTokenFromCookie(cookie);
  if (!token) throw new Error("matrix: the dead session's cookie does not decode; it would test nothing");
  const resolved = await resolveSession(token);
  if (resolved.ok || !want.includes(resolved.reason)) throw new Error(`matrix: expected a session ended by ${want.join("/")}, got ${JSON.stringify(resolved.ok ? "ACTIVE" : resolved.reason)}`);
}

/**
 * A fresh staff member per call, so per-person state (TOTP steps, lockouts) never leaks between
 * cases. The dead callers get `role` (an allowed one), so nothing but the dead credential refuses them.
 */
export async function makeCaller(caller: Caller, role: StaffRole = "ADMIN"): Promise<CallerIdentity> {
  if (caller === "ANONYMOUS") return { caller, staffId: null, cookie: null, apiHeaders: {}, totp: () => "000000" };
  const staffRole: StaffRole = isUnauthenticated(caller) ? role : (caller as StaffRole);
  const secret = newTotpSecret();
  passwordHash ??= hashPassword(PASSWORD);
  const idleMs = (config.SESSION_IDLE_SECONDS + 60) * 1000;
  const staff = await db.staffUser.create({
    data: {
      email: `matrix-${staffRole.toLowerCase()}-${randomUUID().slice(0, 8)}@it.test`,
      name: `Matrix ${staffRole}`,
      role: staffRole,
      passwordHash: await passwordHash,
      mfaSecret: sealSecret(secret),
      mfaEnrolledAt: new Date(),
      // Before the idle caller's session began, so only idleness ends it.
      sessionsValidAfter: new Date(Date.now() - idleMs - 60_000),
    },
    select: { id: true },
  });
  const actor = { type: "SYSTEM" as const, id: "matrix" };
  const { token } = await createApiTokenUnchecked(undefined, { staffId: staff.id, name: "matrix", expiresInDays: 1 }, { actor, via: "cli" });
  if (caller === "REVOKED_TOKEN") await db.apiToken.updateMany({ where: { staffUserId: staff.id }, data: { revokedAt: new Date() } });
  if (caller === "EXPIRED_TOKEN") await db.apiToken.updateMany({ where: { staffUserId: staff.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

  // The idle caller signed in (password + TOTP) longer ago than the idle timeout and did nothing since.
  const signedInAt = caller === "EXPIRED_SESSION" ? new Date(Date.now() - idleMs) : new Date();
  const session = await db.$transaction(async (tx) => {
    const s = await startSession(tx, { staffId: staff.id, method: "PASSWORD", now: signedInAt });
    await activateSession(tx, s.sessionId, signedInAt);
    return s;
  });
  const apiCaller = caller === "REVOKED_TOKEN" || caller === "EXPIRED_TOKEN";
  const cookie = apiCaller ? null : await cookieFor(session.token);
  if (caller === "REVOKED_SESSION") {
    // Signed out everywhere, through the real use case, as the live session it was.
    const live = await resolveSession(session.token);
    if (!live.ok) throw new Error("matrix: the session to sign out was not live");
    await signOutEverywhere({ actor: sessionActor(live.session) });
    await assertDead(cookie!, ["revoked", "superseded"]);
  }
  if (caller === "EXPIRED_SESSION") await assertDead(cookie!, ["idle"]);
  const sessionCaller = caller === "REVOKED_SESSION" || caller === "EXPIRED_SESSION";
  return {
    caller,
    staffId: staff.id,
    cookie,
    apiHeaders: sessionCaller ? {} : { authorization: `Bearer ${token}`, "x-gatehouse-totp": currentTotp(secret) },
    totp: () => currentTotp(secret),
  };
}
