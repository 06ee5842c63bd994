import { systemActor } from "../auth/actor";
import { config } from "../config";
import { db, type Tx } from "../db";
import type { CaseStatus, StaffRole } from "../generated/prisma/enums";
import { loadWhere, onlineStaffWhere } from "./auto-assign-rules";
import { applyClaim, claimableStatuses, lockNext } from "./claim";

// Auto-assignment: the scheduler's `cases.auto_assign` job gives unassigned cases to staff who
// opted in and are online (auto-assign-rules.ts), round-robin, up to AUTO_ASSIGN_MAX_OPEN each.
// Each case is taken exactly as claim-next takes it (the same FOR UPDATE SKIP LOCKED pick and the
// same claim), so a case never goes to two people however rounds and claims interleave.

const actor = systemActor("auto-assign");

export interface AutoAssignResult {
  /** Staff online for auto-assignment when the round started. */
  online: number;
  /** Cases given in this round. */
  assigned: number;
  /** Cases given per staff id (only those given any). */
  byStaff: Record<string, number>;
  /** Passes over the staff list (each gives everyone still in it at most one case). */
  passes: number;
}

type Outcome = { kind: "assigned" } | { kind: "full" } | { kind: "offline" } | { kind: "no_case"; statuses: CaseStatus[] };

interface LockedStaff {
  id: string;
  role: StaffRole;
}

/**
 * One assignment, one transaction. The staff row is locked first (FOR NO KEY UPDATE: it excludes
 * another round's lock, the toggle and a disable, but not the key-share locks that inserting rows
 * referencing the member takes), so two rounds cannot both see room under the cap. Then online
 * and capacity are checked again as they are now, and the most urgent claimable case is locked.
 */
async function giveOne(staffId: string, now: Date, stamp: Date, maxOpen: number): Promise<Outcome> {
  return db.$transaction(async (tx: Tx): Promise<Outcome> => {
    const [me] = await tx.$queryRaw<LockedStaff[]>`SELECT id::text AS id, role::text AS role FROM "StaffUser" WHERE id = ${staffId}::uuid FOR NO KEY UPDATE`;
    if (!me) return { kind: "offline" };
    const online = await tx.staffUser.count({ where: { id: staffId, ...onlineStaffWhere(now) } });
    if (!online) return { kind: "offline" };
    if ((await tx.reviewCase.count({ where: loadWhere(staffId) })) >= maxOpen) return { kind: "full" };
    const statuses = claimableStatuses(me.role);
    for (const status of statuses) {
      const next = await lockNext(tx, status);
      if (!next) continue;
      await tx.staffUser.update({ where: { id: staffId }, data: { autoAssignedAt: stamp } });
      // applyClaim writes the audit entry last: the audit chain's lock is held only to COMMIT.
      await applyClaim(tx, { assigneeId: staffId, auditActor: actor, via: "auto" }, next, { now });
      return { kind: "assigned" };
    }
    return { kind: "no_case", statuses };
  });
}

/**
 * One round. Staff online for auto-assignment are taken least recently given first
 * (autoAssignedAt, never-given first, then id); each pass gives everyone still in the list at
 * most one case, and passes repeat until nobody has room or nothing claimable is left. A member
 * leaves the list when full, offline (checked again in each transaction) or when nothing they may
 * claim is left. Each case is claimed as claim-next claims it — NEW → IN_REVIEW (supervisors take
 * ESCALATED first, which stays ESCALATED) — with a CLAIMED event (`via: "auto"`) and a
 * `case.claimed` audit entry by the system naming the assignee. Called by the scheduler job, which
 * skips it when AUTO_ASSIGN_ENABLED is false.
 */
export async function autoAssignRound(opts: { now?: Date; maxOpen?: number } = {}): Promise<AutoAssignResult> {
  const now = opts.now ?? new Date();
  const maxOpen = opts.maxOpen ?? config.AUTO_ASSIGN_MAX_OPEN;
  const staff = await db.staffUser.findMany({
    where: onlineStaffWhere(now),
    orderBy: [{ autoAssignedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    select: { id: true, role: true },
  });
  // Members already full are left out up front (each transaction checks again): a round over a
  // fully loaded team costs two queries, not a transaction per member.
  const loads = staff.length
    ? await db.reviewCase.groupBy({ by: ["assigneeId"], where: loadWhere(staff.map((s) => s.id)), _count: { _all: true } })
    : [];
  const loadOf = new Map(loads.map((l) => [l.assigneeId, l._count._all]));
  let queue = staff.filter((s) => (loadOf.get(s.id) ?? 0) < maxOpen);
  const byStaff: Record<string, number> = {};
  const exhausted = new Set<CaseStatus>();
  let assigned = 0;
  let passes = 0;
  while (queue.length) {
    passes++;
    const stay: typeof queue = [];
    for (const s of queue) {
      if (claimableStatuses(s.role).every((st) => exhausted.has(st))) continue;
      // Strictly increasing within the round, so the next round keeps this round's order.
      const stamp = new Date(now.getTime() + assigned);
      const out = await giveOne(s.id, now, stamp, maxOpen);
      if (out.kind === "assigned") {
        assigned++;
        byStaff[s.id] = (byStaff[s.id] ?? 0) + 1;
        stay.push(s);
      } else if (out.kind === "no_case") {
        // Nothing unlocked and unassigned is left in these statuses for anyone this round.
        for (const st of out.statuses) exhausted.add(st);
      }
    }
    queue = stay;
  }
  return { online: staff.length, assigned, byStaff, passes };
}
