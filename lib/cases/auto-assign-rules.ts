import { activeSessionWhere } from "../auth/active-sessions";
import { ROLE_PERMISSIONS, roleHas } from "../auth/permissions";
import type { Prisma } from "../generated/prisma/client";
import type { CaseStatus, StaffRole } from "../generated/prisma/enums";

// Who auto-assignment may give a case to, and what counts against their capacity. One definition
// for the round (auto-assign.ts) and for what the queue page shows (availability.ts).

/** Roles that work cases (hold case.claim): the only ones auto-assignment considers. */
export const AUTO_ASSIGN_ROLES: StaffRole[] = (Object.keys(ROLE_PERMISSIONS) as StaffRole[]).filter((r) => roleHas(r, "case.claim"));

/**
 * The cases that occupy their assignee: IN_REVIEW (being worked) and ESCALATED (a supervisor's).
 * AWAITING_CUSTOMER (the customer's turn, for days perhaps) and PENDING_SECOND_APPROVAL (another
 * supervisor's turn) do not count: the assignee has nothing to do on them until they come back
 * as IN_REVIEW, and then they count again.
 */
export const LOAD_STATUSES: CaseStatus[] = ["IN_REVIEW", "ESCALATED"];

/**
 * Online for auto-assignment: opted in, ACTIVE, a role that works cases, and at least one session
 * that can still act (lib/auth/active-sessions.ts: not revoked, MFA passed, not past its absolute
 * or idle expiry). Signing out, going idle, being disabled or changing role ends every such session.
 */
export function onlineStaffWhere(now: Date): Prisma.StaffUserWhereInput {
  return { autoAssign: true, status: "ACTIVE", role: { in: AUTO_ASSIGN_ROLES }, sessions: { some: activeSessionWhere(now) } };
}

/** The member's (or members') cases counted against AUTO_ASSIGN_MAX_OPEN; the partial open-case index on assigneeId serves it. */
export function loadWhere(staffId: string | string[]): Prisma.ReviewCaseWhereInput {
  return { assigneeId: typeof staffId === "string" ? staffId : { in: staffId }, status: { in: LOAD_STATUSES }, decidedAt: null };
}
