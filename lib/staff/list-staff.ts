import { activeSessionWhere } from "../auth/active-sessions";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { staffRowSelect, toStaffRow, type StaffRow } from "./staff-row";

export interface StaffListRow extends StaffRow {
  /** Sessions that can act right now (not revoked, not expired or idle, MFA passed). */
  activeSessions: number;
}

/** Every staff member with the state an administrator needs at a glance. */
export async function listStaff(actor: Actor, opts: { request?: RequestContext; now?: Date } = {}): Promise<StaffListRow[]> {
  await requireStaff(actor, "staff.read", { request: opts.request });
  const now = opts.now ?? new Date();
  const rows = await db.staffUser.findMany({
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { ...staffRowSelect, _count: { select: { sessions: { where: activeSessionWhere(now) } } } },
  });
  return rows.map((r) => ({ ...toStaffRow(r, now), activeSessions: r._count.sessions }));
}
