import { config } from "../config";
import type { Prisma } from "../generated/prisma/client";
import type { SignInMethod } from "../generated/prisma/enums";

// The one definition of "a session that can still act", as a database filter, and how such a
// session is listed: to its owner on the account page and to administrators on a member's page.

/** An active session as staff see it in a list. */
export interface ActiveSession {
  id: string;
  method: SignInMethod;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
}

/** Sessions that can still act: not revoked, not past their absolute or idle expiry, MFA passed. */
export function activeSessionWhere(now: Date): Prisma.StaffSessionWhereInput {
  return {
    revokedAt: null,
    expiresAt: { gt: now },
    mfaVerifiedAt: { not: null },
    lastActiveAt: { gt: new Date(now.getTime() - config.SESSION_IDLE_SECONDS * 1000) },
  };
}

const activeSessionSelect = {
  id: true,
  method: true,
  ip: true,
  userAgent: true,
  createdAt: true,
  lastActiveAt: true,
  expiresAt: true,
} as const satisfies Prisma.StaffSessionSelect;

/**
 * Query arguments for the active sessions matching `where` (or, nested in a staffUser select, of
 * that member), most recently active first, as ActiveSession rows.
 */
export function activeSessionsArgs(now: Date, where: Prisma.StaffSessionWhereInput = {}) {
  return {
    where: { ...where, ...activeSessionWhere(now) },
    orderBy: { lastActiveAt: "desc" },
    select: activeSessionSelect,
  } as const satisfies Prisma.StaffSessionFindManyArgs;
}
