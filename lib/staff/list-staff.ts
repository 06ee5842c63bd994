import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { StaffRole, StaffStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { activeSessionWhere } from "./shared";

export interface StaffListRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: StaffStatus;
  mfaEnrolled: boolean;
  /** Only while the lock is in force. */
  lockedUntil: Date | null;
  failedSignIns: number;
  lastActiveAt: Date | null;
  /** Sessions that can act right now (not revoked, not expired or idle, MFA passed). */
  activeSessions: number;
  createdAt: Date;
}

/** Every staff member with the state an administrator needs at a glance. */
export async function listStaff(actor: Actor, opts: { request?: RequestContext; now?: Date } = {}): Promise<StaffListRow[]> {
  await requireStaff(actor, "staff.read", { request: opts.request });
  const now = opts.now ?? new Date();
  const rows = await db.staffUser.findMany({
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      status: true,
      mfaEnrolledAt: true,
      lockedUntil: true,
      failedSignIns: true,
      lastActiveAt: true,
      createdAt: true,
      _count: { select: { sessions: { where: activeSessionWhere(now) } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: r.status,
    mfaEnrolled: r.mfaEnrolledAt !== null,
    lockedUntil: r.lockedUntil && r.lockedUntil > now ? r.lockedUntil : null,
    failedSignIns: r.failedSignIns,
    lastActiveAt: r.lastActiveAt,
    activeSessions: r._count.sessions,
    createdAt: r.createdAt,
  }));
}
