import { db } from "../db";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { activeSessionsArgs, type ActiveSession } from "./active-sessions";

export interface OwnSession extends ActiveSession {
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
  const rows = await db.staffSession.findMany({ ...activeSessionsArgs(now, { staffUserId: actor.id }), take: 50 });
  return rows.map((r) => ({ ...r, current: r.id === actor.sessionId }));
}
