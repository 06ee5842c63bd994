// Staff in the states auto-assignment cares about: signed in to the console and opted in, or one
// step away from it (signed out, idle, revoked, disabled, opted out, MFA pending).
import { setAvailability } from "@/lib/cases/availability";
import { db, type StaffRole } from "@/lib/db";
import { makeSession, makeStaff } from "./staff";

export interface OnlineStaff {
  type: "STAFF";
  id: string;
  role: StaffRole;
  sessionId: string;
  steppedUpAt: Date;
}

/**
 * A member with an ACTIVE console session who switched auto-assignment on (through the use case).
 * `autoAssignedAt` sets their place in the round-robin (null: never given a case, first in line).
 */
export async function onlineStaff(role: "AGENT" | "SUPERVISOR" = "AGENT", opts: { autoAssignedAt?: Date | null } = {}): Promise<OnlineStaff> {
  const s = await makeStaff(role);
  const { sessionId } = await makeSession(s.id);
  const actor: OnlineStaff = { type: "STAFF", id: s.id, role, sessionId, steppedUpAt: new Date() };
  await setAvailability(actor, { autoAssign: true });
  if (opts.autoAssignedAt !== undefined) await db.staffUser.update({ where: { id: s.id }, data: { autoAssignedAt: opts.autoAssignedAt } });
  return actor;
}

/** Ids of the cases a member holds, with their status. */
export const held = (staffId: string) => db.reviewCase.findMany({ where: { assigneeId: staffId }, select: { id: true, status: true }, orderBy: { number: "asc" } });

/** Opts everyone out and parks every claimable case: a test's round sees only what the test made. */
export async function quietQueue(): Promise<void> {
  await db.staffUser.updateMany({ data: { autoAssign: false } });
  await db.reviewCase.updateMany({ where: { assigneeId: null, status: { in: ["NEW", "ESCALATED"] } }, data: { status: "AWAITING_CUSTOMER" } });
}

/** The `case.claimed` entries auto-assignment wrote for a member, in the order it wrote them. */
export const autoClaimsOf = (staffId: string) =>
  db.auditEntry.findMany({ where: { action: "case.claimed", actorId: "auto-assign", data: { path: ["assigneeId"], equals: staffId } }, orderBy: { seq: "asc" } });
