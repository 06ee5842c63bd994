import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { SignInMethod } from "../generated/prisma/enums";
import type { Actor } from "./actor";

export interface OwnSession {
  id: string;
  method: SignInMethod;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  /** The session this request runs in. */
  current: boolean;
}

/**
 * The signed-in staff member's own sessions that can still act (not revoked, not expired or
 * idle, second factor passed), most recently active first. Own data only: no permission needed.
 */
export async function listOwnSessions(actor: Actor, opts: { now?: Date } = {}): Promise<OwnSession[]> {
  if (actor.type !== "STAFF" || !actor.sessionId) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const now = opts.now ?? new Date();
  const rows = await db.staffSession.findMany({
    where: {
      staffUserId: actor.id,
      revokedAt: null,
      expiresAt: { gt: now },
      mfaVerifiedAt: { not: null },
      lastActiveAt: { gt: new Date(now.getTime() - config.SESSION_IDLE_SECONDS * 1000) },
    },
    select: { id: true, method: true, ip: true, userAgent: true, createdAt: true, lastActiveAt: true },
    orderBy: { lastActiveAt: "desc" },
    take: 50,
  });
  return rows.map((r) => ({ ...r, current: r.id === actor.sessionId }));
}
