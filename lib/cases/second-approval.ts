import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { assertUnchanged, readDevice } from "../devices/device-row";
import { appendAll, type PendingAudit } from "../devices/events";
import { AppError } from "../errors";
import type { ApprovalStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { finishApproval, prepareApproval, type Ctx } from "./decide-approve";
import { ZDecideSecondApprovalInput } from "./decision-input";
import { assertCaseUnchanged, assertCaseVersion, caseDecidedAudit, readDecisionCase } from "./decision-shared";
import type { SecondApprovalResult, TDecideSecondApprovalInput } from "./decision-types";
import { caseNumberOf, parseInput, staffIdOf } from "./shared";

// Four-eyes on a risky approval (decide-approve.ts asked for it): a supervisor other than the
// requester approves — the device is authorised and the case finishes as a direct approval would —
// or declines, and the case goes back to review with its assignee.

export type { SecondApprovalResult, TDecideSecondApprovalInput } from "./decision-types";

type Opts = { request?: RequestContext; now?: Date };

/**
 * Decides the pending CASE_APPROVAL request of a case in PENDING_SECOND_APPROVAL. Needs
 * case.approve_second on the request (lib/auth refuses the requester, whatever their role: audited
 * 403), plus on APPROVE device.authorize (step-up) and, when the account's ID is bound elsewhere,
 * device.override_block. APPROVE: request APPROVED (decidedBy = the approver), device AUTHORIZED,
 * case APPROVED with decidedById = the first decider (who asked) and their note, case.decided and
 * DECISION_APPROVED out. DECLINE: request DECLINED, case IN_REVIEW (NEW without an assignee).
 * A request withdrawn meanwhile (the device was authorised another way) can only be declined.
 * Audited as approval.decided and case.decided. `version` as for every case write (409 when stale).
 */
export async function decideSecondApproval(actor: Actor, input: TDecideSecondApprovalInput, opts: Opts = {}): Promise<SecondApprovalResult> {
  const { request } = opts;
  const { actor: staff } = await requireStaff(actor, "case.approve_second", { request });
  const d = parseInput(ZDecideSecondApprovalInput, input);
  const number = caseNumberOf(d.ref);
  const ctx: Ctx = { request, now: opts.now ?? new Date() };

  const before = await readDecisionCase(db, number);
  const approval = await db.approvalRequest.findFirst({
    where: { caseId: before.id, kind: "CASE_APPROVAL" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, status: true, requestedById: true, note: true },
  });
  if (before.status !== "PENDING_SECOND_APPROVAL" || !approval || approval.status === "APPROVED" || approval.status === "DECLINED") {
    throw new AppError("CONFLICT", `Case ${before.ref} is not waiting for a second approval.`, { ref: before.ref, status: before.status });
  }
  await requireStaff(staff, "case.approve_second", { resource: { type: "approval", id: approval.id, requestedById: approval.requestedById }, request });
  assertCaseVersion(before, d.version);
  if (d.decision === "APPROVE" && approval.status !== "PENDING") {
    throw new AppError("CONFLICT", `The approval request of case ${before.ref} was withdrawn (the device was decided another way): decline it to send the case back to review.`, {
      ref: before.ref,
      approvalStatus: approval.status,
    });
  }
  const prepared = d.decision === "APPROVE" ? await prepareApproval(staff, before, ctx) : null;

  return db.$transaction(async (tx): Promise<SecondApprovalResult> => {
    // Device, then case, then request: the order the device actions and decideCase lock in.
    const device = prepared ? await readDevice(tx, prepared.device.id, { lock: true }) : null;
    if (prepared && device) assertUnchanged(prepared.device, device);
    const c = await readDecisionCase(tx, number, { lock: true });
    assertCaseUnchanged(before, c);
    const [locked] = await tx.$queryRaw<{ status: ApprovalStatus }[]>`SELECT status::text AS status FROM "ApprovalRequest" WHERE id = ${approval.id}::uuid FOR UPDATE`;
    if (locked?.status !== approval.status) throw new AppError("CONFLICT", `Case ${c.ref} changed since you opened it: reload and decide again.`, { ref: c.ref });

    const wasPending = approval.status === "PENDING";
    const decided = (decision: "APPROVED" | "DECLINED"): PendingAudit => ({
      action: "approval.decided",
      actor: staff,
      target: { type: "ApprovalRequest", id: approval.id },
      caseId: c.id,
      accountId: c.accountId,
      request,
      data: { approvalId: approval.id, kind: "CASE_APPROVAL", decision, requestedById: approval.requestedById },
    });
    if (wasPending) {
      await tx.approvalRequest.update({
        where: { id: approval.id },
        data: { status: d.decision === "APPROVE" ? "APPROVED" : "DECLINED", decidedById: staffIdOf(staff), decidedAt: ctx.now, decisionNote: d.note ?? null },
      });
    }

    if (prepared && device) {
      const { result, audits } = await finishApproval(tx, {
        c,
        device,
        staff,
        decidedById: approval.requestedById,
        decisionNote: approval.note,
        approvalId: approval.id,
        override: { block: prepared.blockOverride, case: false },
        ctx,
      });
      await appendAll(tx, [decided("APPROVED"), ...audits]);
      return { ...result, outcome: "APPROVED" };
    }

    const status = c.assigneeId ? "IN_REVIEW" : "NEW";
    const { version } = await tx.reviewCase.update({ where: { id: c.id }, data: { status, version: { increment: 1 } }, select: { version: true } });
    // No timeline type of its own yet: REOPENED (back to review) says what happened, `via` says why.
    await tx.caseEvent.create({
      data: { caseId: c.id, type: "REOPENED", actorId: staffIdOf(staff), data: { via: "second_approval_declined", approvalId: approval.id, statusBefore: c.status, statusAfter: status, note: d.note ?? null } },
    });
    await appendAll(tx, [
      ...(wasPending ? [decided("DECLINED")] : []),
      caseDecidedAudit(staff, c, { decision: "SECOND_APPROVAL_DECLINED", statusAfter: status, reasonCodes: [], approvalId: approval.id, override: false, versionAfter: version }, request),
    ]);
    return { ref: c.ref, status, version, outcome: "DECLINED", approvalId: approval.id, deviceId: c.deviceId, webhookEventId: null, outboundEmailId: null };
  });
}
