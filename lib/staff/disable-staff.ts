import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { endAllSessions } from "../auth/session";
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import {
  assertAnotherAdminRemains, inTransaction, loadStaff, lockAdminSet, parseStaffId, refuseSelf, staffResource, summarySelect, type StaffSummary,
} from "./shared";

export interface DisableStaffResult {
  staff: StaffSummary;
  sessionsEnded: number;
}

/**
 * Disables a member: they cannot sign in, every session ends at once, an outstanding invite link
 * stops working, and their API tokens are refused while they stay disabled. Never the last active
 * admin, never oneself.
 */
export async function disableStaffUnchecked(
  tx: Tx | undefined,
  input: { staffId: string },
  opts: { actor: Actor; request?: RequestContext; now?: Date },
): Promise<DisableStaffResult> {
  const staffId = parseStaffId(input.staffId);
  const { actor, request } = opts;
  refuseSelf(actor, staffId, "disable");
  const now = opts.now ?? new Date();

  return inTransaction(tx, async (t) => {
    await lockAdminSet(t);
    const current = await loadStaff(t, staffId);
    if (current.status === "DISABLED") throw new AppError("CONFLICT", "This staff member is already disabled.");
    await assertAnotherAdminRemains(t, current);
    const staff = await t.staffUser.update({
      where: { id: staffId },
      data: { status: "DISABLED", disabledAt: now, inviteTokenHash: null, inviteExpiresAt: null },
      select: summarySelect,
    });
    const sessionIds = await endAllSessions(t, staffId, "disabled", actor, request, now);
    await appendAudit(t, { action: "staff.disabled", actor, target: { type: "staff", id: staffId }, request, data: { staffId } });
    return { staff, sessionsEnded: sessionIds.length };
  });
}

export async function disableStaff(actor: Actor, input: { staffId: string }, opts: { request?: RequestContext } = {}): Promise<DisableStaffResult> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  return disableStaffUnchecked(undefined, input, { actor: staffActor, request: opts.request });
}
