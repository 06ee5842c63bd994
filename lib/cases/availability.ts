import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { roleHas } from "../auth/permissions";
import { requireStaff, type StaffActor } from "../auth/require-staff";
import { config } from "../config";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { loadWhere, onlineStaffWhere } from "./auto-assign-rules";
import { parseInput, staffIdOf } from "./shared";

// A staff member's availability for auto-assignment: "give me cases automatically". Opt-in, per
// member, changed only by the member (case.claim). The round itself is auto-assign.ts.

type Opts = { request?: RequestContext; now?: Date };

export interface Availability {
  /** The caller opted in. */
  autoAssign: boolean;
  /** AUTO_ASSIGN_ENABLED: when false nobody is given cases automatically, whatever they chose. */
  enabled: boolean;
  /** AUTO_ASSIGN_MAX_OPEN: a member is given a case only while holding fewer than this many. */
  maxOpen: number;
  /** The caller's cases that count against maxOpen (IN_REVIEW and ESCALATED assigned to them). */
  openCases: number;
  /** Supervisors (case.assign): how many staff are online for auto-assignment now; null for others. */
  onlineStaff: number | null;
}

export const ZSetAvailabilityInput = z.strictObject({ autoAssign: z.boolean("autoAssign: true or false") });
export type TSetAvailabilityInput = { autoAssign: boolean };

async function readAvailability(staff: StaffActor, now: Date): Promise<Availability> {
  const staffId = staffIdOf(staff);
  const [me, openCases, onlineStaff] = await Promise.all([
    db.staffUser.findUniqueOrThrow({ where: { id: staffId }, select: { autoAssign: true } }),
    db.reviewCase.count({ where: loadWhere(staffId) }),
    roleHas(staff.role, "case.assign") ? db.staffUser.count({ where: onlineStaffWhere(now) }) : Promise.resolve(null),
  ]);
  return { autoAssign: me.autoAssign, enabled: config.AUTO_ASSIGN_ENABLED, maxOpen: config.AUTO_ASSIGN_MAX_OPEN, openCases, onlineStaff };
}

/** The caller's auto-assignment setting and load (and, for supervisors, who is online). Needs case.claim. */
export async function getAvailability(actor: Actor, opts: Opts = {}): Promise<Availability> {
  const { actor: staff } = await requireStaff(actor, "case.claim", { request: opts.request });
  return readAvailability(staff, opts.now ?? new Date());
}

/**
 * Switches auto-assignment on or off for the caller. A change is written with its
 * `staff.availability_changed` audit entry in one transaction; asking for the current setting
 * changes nothing and writes nothing (`changed: false`). Needs case.claim.
 */
export async function setAvailability(actor: Actor, input: TSetAvailabilityInput, opts: Opts = {}): Promise<Availability & { changed: boolean }> {
  const { actor: staff } = await requireStaff(actor, "case.claim", { request: opts.request });
  const { autoAssign } = parseInput(ZSetAvailabilityInput, input);
  const staffId = staffIdOf(staff);
  const changed = await db.$transaction(async (tx) => {
    // Conditional on the old value, so two tabs switching at once write (and audit) one change.
    const res = await tx.staffUser.updateMany({ where: { id: staffId, autoAssign: !autoAssign }, data: { autoAssign } });
    if (res.count === 0) return false;
    await appendAudit(tx, { action: "staff.availability_changed", actor: staff, target: { type: "staff", id: staffId }, request: opts.request, data: { staffId, autoAssign } });
    return true;
  });
  return { ...(await readAvailability(staff, opts.now ?? new Date())), changed };
}
