import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { endAllSessions } from "../auth/session";
import type { Tx } from "../db";
import type { RequestContext } from "../http/request-context";
import { inTransaction, loadStaff, parseStaffId, refuseSelf, staffResource, summarySelect, type StaffSummary } from "./shared";

export interface ResetMfaResult {
  staff: StaffSummary;
  sessionsEnded: number;
  recoveryCodesDeleted: number;
}

/**
 * Removes a member's authenticator and recovery codes and ends their sessions (lost phone,
 * suspected compromise). Their next sign-in enrols a new authenticator.
 */
export async function resetMfaUnchecked(
  tx: Tx | undefined,
  input: { staffId: string },
  opts: { actor: Actor; request?: RequestContext },
): Promise<ResetMfaResult> {
  const staffId = parseStaffId(input.staffId);
  const { actor, request } = opts;
  refuseSelf(actor, staffId, "reset the MFA of");

  return inTransaction(tx, async (t) => {
    await loadStaff(t, staffId);
    const staff = await t.staffUser.update({
      where: { id: staffId },
      data: { mfaSecret: null, mfaEnrolledAt: null, mfaLastStep: null },
      select: summarySelect,
    });
    const codes = await t.mfaRecoveryCode.deleteMany({ where: { staffUserId: staffId } });
    const sessionIds = await endAllSessions(t, staffId, "mfa_reset", actor, request);
    await appendAudit(t, { action: "staff.mfa_reset", actor, target: { type: "staff", id: staffId }, request, data: { staffId } });
    return { staff, sessionsEnded: sessionIds.length, recoveryCodesDeleted: codes.count };
  });
}

export async function resetMfa(actor: Actor, input: { staffId: string }, opts: { request?: RequestContext } = {}): Promise<ResetMfaResult> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  return resetMfaUnchecked(undefined, input, { actor: staffActor, request: opts.request });
}
