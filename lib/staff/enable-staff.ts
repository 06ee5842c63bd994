import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { inTransaction, loadStaff, newInvite, parseStaffId, staffResource, summarySelect, type StaffSummary } from "./shared";

export interface EnableStaffResult {
  staff: StaffSummary;
  /** Set when the member never accepted their invite: a fresh one-time link (shown once). */
  inviteUrl: string | null;
  inviteExpiresAt: Date | null;
}

/**
 * Re-enables a disabled member. Their old sessions stay ended; they sign in again (with MFA). A
 * member disabled before accepting their invite has no password, so they get a new invite instead.
 */
export async function enableStaffUnchecked(
  tx: Tx | undefined,
  input: { staffId: string },
  opts: { actor: Actor; request?: RequestContext },
): Promise<EnableStaffResult> {
  const staffId = parseStaffId(input.staffId);
  const { actor, request } = opts;

  return inTransaction(tx, async (t) => {
    const current = await loadStaff(t, staffId);
    if (current.status !== "DISABLED") throw new AppError("CONFLICT", "This staff member is not disabled.");
    const neverAccepted = (await t.staffUser.count({ where: { id: staffId, passwordHash: null } })) === 1;
    const invite = neverAccepted ? newInvite() : null;
    const staff = await t.staffUser.update({
      where: { id: staffId },
      data: invite
        ? { status: "INVITED", disabledAt: null, inviteTokenHash: invite.tokenHash, inviteExpiresAt: invite.expiresAt }
        : { status: "ACTIVE", disabledAt: null },
      select: summarySelect,
    });
    const target = { type: "staff", id: staffId };
    await appendAudit(t, { action: "staff.enabled", actor, target, request, data: { staffId } });
    if (invite) {
      await appendAudit(t, { action: "staff.invite_issued", actor, target, request, data: { staffId, expiresAt: invite.expiresAt.toISOString() } });
    }
    return { staff, inviteUrl: invite?.url ?? null, inviteExpiresAt: invite?.expiresAt ?? null };
  });
}

export async function enableStaff(actor: Actor, input: { staffId: string }, opts: { request?: RequestContext } = {}): Promise<EnableStaffResult> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  return enableStaffUnchecked(undefined, input, { actor: staffActor, request: opts.request });
}
