import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { accountLimit } from "../auth/brute-force";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { reset } from "../security/rate-limit";
import { parseStaffId, staffResource, summarySelect, type StaffSummary } from "./shared";
import { AppError } from "../errors";

export interface UnlockStaffResult {
  staff: StaffSummary;
  /** The lock that was lifted; null when the account was not locked (the counters are cleared anyway). */
  lockedUntil: Date | null;
}

/**
 * Lifts a brute-force lockout: clears the lock and failure count in Postgres and the account's
 * failure window in Redis, so the next wrong password does not lock the account again at once.
 */
export async function unlockStaffUnchecked(input: { staffId: string }, opts: { actor: Actor; request?: RequestContext; now?: Date }): Promise<UnlockStaffResult> {
  const staffId = parseStaffId(input.staffId);
  const { actor, request } = opts;
  const now = opts.now ?? new Date();
  const before = await db.staffUser.findUnique({ where: { id: staffId }, select: { id: true } });
  if (!before) throw new AppError("NOT_FOUND", "No staff member with this id.");
  // Redis first: if it is unreachable nothing changes and the admin can retry. (The other order
  // could report "unlocked" while the old failures still count toward the next lock.)
  await reset(accountLimit(), staffId);

  return db.$transaction(async (tx) => {
    const current = await tx.staffUser.findUniqueOrThrow({ where: { id: staffId }, select: { lockedUntil: true } });
    const lockedUntil = current.lockedUntil && current.lockedUntil > now ? current.lockedUntil : null;
    const staff = await tx.staffUser.update({ where: { id: staffId }, data: { lockedUntil: null, failedSignIns: 0 }, select: summarySelect });
    await appendAudit(tx, {
      action: "staff.unlocked",
      actor,
      target: { type: "staff", id: staffId },
      request,
      data: { staffId, lockedUntil: lockedUntil?.toISOString() ?? null },
    });
    return { staff, lockedUntil };
  });
}

export async function unlockStaff(actor: Actor, input: { staffId: string }, opts: { request?: RequestContext } = {}): Promise<UnlockStaffResult> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  return unlockStaffUnchecked(input, { actor: staffActor, request: opts.request });
}
