import type { StaffActor } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { db, type Tx } from "../db";
import { applyAuthorization } from "../devices/apply-authorization";
import { assertUnchanged, readDevice, type DeviceRow } from "../devices/device-row";
import { appendAll, type PendingAudit } from "../devices/events";
import { requireBlockOverride } from "../devices/rules";
import { AppError } from "../errors";
import type { RiskFlag } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { FOUR_EYES_FLAGS, type DecideCaseResult } from "./decision-types";
import { caseDecidedAudit, deviceNameOf, emitCaseDecided, linkedCaseOf, queueDecisionEmail, readDecisionCase, assertCaseUnchanged, type DecisionCase } from "./decision-shared";
import { staffIdOf } from "./shared";

// Approving a case authorises its device. A clean case is approved at once; a risky one (any of
// FOUR_EYES_FLAGS) waits for a second supervisor (second-approval.ts), who finishes it with the
// same finishApproval below. A device that is already AUTHORIZED (authorised another way while the
// case was open, or a reopened approval) is left as it is: the approval then closes the case only,
// otherwise such a case could never be approved.

export type Ctx = { request?: RequestContext; now: Date };

export const riskyFlags = (flags: readonly RiskFlag[]): RiskFlag[] => flags.filter((f) => (FOUR_EYES_FLAGS as readonly RiskFlag[]).includes(f));

/**
 * The checks an approval needs before its transaction: step-up (device.authorize), a device of the
 * case's account on the case, and the ID-block override when the account's ID is bound to another
 * account. Returns the device as read (unlocked) and whether the override applied.
 */
export async function prepareApproval(staff: StaffActor, c: DecisionCase, ctx: Ctx): Promise<{ device: DeviceRow; blockOverride: boolean }> {
  await requireStaff(staff, "device.authorize", { request: ctx.request, now: ctx.now });
  if (!c.deviceId) {
    throw new AppError("UNPROCESSABLE", `Case ${c.ref} names no device, so there is nothing to authorise: reject it, ask for new photos or escalate it.`, { ref: c.ref });
  }
  const device = await readDevice(db, c.deviceId);
  if (device.accountId !== c.accountId) throw new AppError("UNPROCESSABLE", `Case ${c.ref} names a device of another account.`, { ref: c.ref });
  const blockOverride = await requireBlockOverride(staff, device, ctx.request);
  return { device, blockOverride };
}

/**
 * In the caller's transaction, with the device and the case locked: the device becomes
 * AUTHORIZED (device.authorized to the identity service) unless it already is, the case APPROVED,
 * `case.decided` goes to the identity service and DECISION_APPROVED to the customer — unless the
 * last decision email of the case already said so (a reopened approval confirmed as it was).
 * Returns the audit entries for the caller to append last.
 */
export async function finishApproval(
  tx: Tx,
  args: {
    c: DecisionCase;
    device: DeviceRow;
    staff: StaffActor;
    /** Who approved the case: the actor, or with four eyes the first decider (the request records the second). */
    decidedById: string;
    decisionNote: string | null;
    approvalId: string | null;
    override: { block: boolean; case: boolean };
    ctx: Ctx;
  },
): Promise<{ result: DecideCaseResult; audits: PendingAudit[] }> {
  const { c, staff, ctx } = args;
  const alreadyAuthorized = args.device.status === "AUTHORIZED";
  // Already authorised (another way, or a reopened approval): nothing to change on the device, no device.authorized.
  const applied = alreadyAuthorized
    ? null
    : await applyAuthorization(tx, {
        device: args.device,
        staff,
        reasonCode: "CASE_APPROVED",
        linkedCase: linkedCaseOf(c),
        approvalId: args.approvalId,
        override: args.override,
        note: args.decisionNote ?? undefined,
        request: ctx.request,
        now: ctx.now,
      });
  const { version } = await tx.reviewCase.update({
    where: { id: c.id },
    data: { status: "APPROVED", decidedById: args.decidedById, decidedAt: ctx.now, decisionNote: args.decisionNote, rejectReasons: [], version: { increment: 1 } },
    select: { version: true },
  });
  const webhookEventId = await emitCaseDecided(tx, c, { decision: "APPROVED", reasonCodes: [], versionAfter: version, approvalId: args.approvalId, now: ctx.now });
  const deviceName = await deviceNameOf(tx, c.deviceId);
  const outboundEmailId = (await customerKnowsApproved(tx, c.id)) ? null : await queueDecisionEmail(tx, c, staff, (customerName) => ({ template: "DECISION_APPROVED", variables: { customerName, deviceName } }));
  await tx.caseEvent.create({
    data: {
      caseId: c.id,
      type: "APPROVED",
      actorId: staffIdOf(staff),
      data: { statusBefore: c.status, deviceId: c.deviceId, deviceAlreadyAuthorized: alreadyAuthorized, approvalId: args.approvalId, decidedById: args.decidedById, webhookEventId, outboundEmailId },
    },
  });
  const audit = caseDecidedAudit(
    staff,
    c,
    { decision: "APPROVED", statusAfter: "APPROVED", reasonCodes: [], approvalId: args.approvalId, override: args.override.block || args.override.case, versionAfter: version },
    ctx.request,
  );
  return {
    result: { ref: c.ref, status: "APPROVED", version, outcome: "APPROVED", approvalId: args.approvalId, deviceId: c.deviceId, webhookEventId, outboundEmailId },
    audits: [...(applied?.audits ?? []), audit],
  };
}

/** The last decision email of the case told the customer it was approved (a reopened approval being confirmed again). */
async function customerKnowsApproved(tx: Tx, caseId: string): Promise<boolean> {
  const last = await tx.outboundEmail.findFirst({
    where: { caseId, template: { in: ["DECISION_APPROVED", "DECISION_REJECTED", "RESUBMISSION_REQUEST"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { template: true },
  });
  return last?.template === "DECISION_APPROVED";
}

/** Records the four-eyes request: nothing is authorised, the case waits (PENDING_SECOND_APPROVAL) with its assignee. */
async function requestSecondApproval(tx: Tx, staff: StaffActor, c: DecisionCase, note: string | undefined, override: boolean, ctx: Ctx): Promise<DecideCaseResult> {
  const pending = await tx.approvalRequest.findFirst({ where: { caseId: c.id, kind: "CASE_APPROVAL", status: "PENDING" }, select: { id: true } });
  if (pending) throw new AppError("CONFLICT", `Case ${c.ref} already waits for a second approval.`, { ref: c.ref, pendingApproval: pending.id });
  const approval = await tx.approvalRequest.create({
    data: { kind: "CASE_APPROVAL", caseId: c.id, deviceId: c.deviceId, requestedById: staffIdOf(staff), reasonCode: "CASE_APPROVED", note: note ?? null },
    select: { id: true },
  });
  const { version } = await tx.reviewCase.update({ where: { id: c.id }, data: { status: "PENDING_SECOND_APPROVAL", version: { increment: 1 } }, select: { version: true } });
  const flags = riskyFlags(c.riskFlags);
  await tx.caseEvent.create({
    data: { caseId: c.id, type: "APPROVAL_REQUESTED", actorId: staffIdOf(staff), data: { approvalId: approval.id, deviceId: c.deviceId, riskFlags: flags, note: note ?? null } },
  });
  await appendAll(tx, [
    {
      action: "approval.requested",
      actor: staff,
      target: { type: "ApprovalRequest", id: approval.id },
      caseId: c.id,
      accountId: c.accountId,
      request: ctx.request,
      data: { approvalId: approval.id, kind: "CASE_APPROVAL", deviceId: c.deviceId, caseId: c.id, reasonCode: "CASE_APPROVED" },
    },
    caseDecidedAudit(
      staff,
      c,
      { decision: "SECOND_APPROVAL_REQUESTED", statusAfter: "PENDING_SECOND_APPROVAL", reasonCodes: [], approvalId: approval.id, override, versionAfter: version },
      ctx.request,
    ),
  ]);
  return { ref: c.ref, status: "PENDING_SECOND_APPROVAL", version, outcome: "PENDING_SECOND_APPROVAL", approvalId: approval.id, deviceId: c.deviceId, webhookEventId: null, outboundEmailId: null };
}

/**
 * APPROVE, after decide.ts checked permission, state and version. One transaction: device then
 * case locked (the order the device actions lock in), both re-checked, then the approval or the
 * four-eyes request.
 */
export async function approveCase(staff: StaffActor, before: DecisionCase, note: string | undefined, caseOverride: boolean, ctx: Ctx): Promise<DecideCaseResult> {
  const { device: deviceBefore, blockOverride } = await prepareApproval(staff, before, ctx);
  return db.$transaction(async (tx) => {
    const device = await readDevice(tx, deviceBefore.id, { lock: true });
    assertUnchanged(deviceBefore, device);
    const c = await readDecisionCase(tx, before.number, { lock: true });
    assertCaseUnchanged(before, c);
    if (riskyFlags(c.riskFlags).length) return requestSecondApproval(tx, staff, c, note, blockOverride || caseOverride, ctx);
    const { result, audits } = await finishApproval(tx, {
      c,
      device,
      staff,
      decidedById: staffIdOf(staff),
      decisionNote: note ?? null,
      approvalId: null,
      override: { block: blockOverride, case: caseOverride },
      ctx,
    });
    await appendAll(tx, audits);
    return result;
  });
}
