import type { Actor } from "../auth/actor";
import type { StaffActor } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { db, type Tx } from "../db";
import { appendAll } from "../devices/events";
import { AppError } from "../errors";
import type { RejectReason } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { approveCase, type Ctx } from "./decide-approve";
import { ZDecideCaseInput, type ParsedDecision } from "./decision-input";
import { assertCaseUnchanged, assertCaseVersion, caseDecidedAudit, describeStatus, deviceNameOf, emitCaseDecided, queueDecisionEmail, readDecisionCase, type DecisionCase } from "./decision-shared";
import type { DecideCaseResult, TDecideCaseInput } from "./decision-types";
import { caseNumberOf, isOpenStatus, parseInput, staffIdOf } from "./shared";

// An agent's decision on the case they hold: approve (decide-approve.ts), reject, ask for new
// photos, or escalate to the supervisors. Each is one transaction with the case row locked:
// state and version checked again, the change, a timeline event, the outbox rows (customer
// email, webhook to the identity service) and the `case.decided` audit entry — or nothing.

export type { DecideCaseResult, TDecideCaseInput } from "./decision-types";

type Opts = { request?: RequestContext; now?: Date };

/** Open, held by someone, not waiting for a second approval (that one is decideSecondApproval's). */
function assertDecidable(c: DecisionCase, decision: ParsedDecision["decision"]): void {
  if (!isOpenStatus(c.status)) throw new AppError("CONFLICT", `Case ${c.ref} is already ${describeStatus(c.status)}; a supervisor can reopen it.`, { ref: c.ref, status: c.status });
  if (c.status === "PENDING_SECOND_APPROVAL") {
    throw new AppError("CONFLICT", `Case ${c.ref} is waiting for a second approval; a supervisor approves or declines it first.`, { ref: c.ref, status: c.status });
  }
  if (!c.assigneeId) throw new AppError("CONFLICT", `Case ${c.ref} is not assigned: claim it before deciding.`, { ref: c.ref, status: c.status });
  if (decision === "ESCALATE" && c.status === "ESCALATED") throw new AppError("CONFLICT", `Case ${c.ref} is already escalated.`, { ref: c.ref, status: c.status });
  if (decision === "REQUEST_RESUBMISSION" && c.status === "AWAITING_CUSTOMER") {
    throw new AppError("CONFLICT", `Case ${c.ref} already waits for the customer's new photos.`, { ref: c.ref, status: c.status });
  }
}

async function reject(tx: Tx, staff: StaffActor, c: DecisionCase, d: { reasonCodes: RejectReason[]; note?: string }, override: boolean, ctx: Ctx): Promise<DecideCaseResult> {
  const { version } = await tx.reviewCase.update({
    where: { id: c.id },
    data: { status: "REJECTED", rejectReasons: d.reasonCodes, decidedById: staffIdOf(staff), decidedAt: ctx.now, decisionNote: d.note ?? null, version: { increment: 1 } },
    select: { version: true },
  });
  const webhookEventId = await emitCaseDecided(tx, c, { decision: "REJECTED", reasonCodes: d.reasonCodes, versionAfter: version, approvalId: null, now: ctx.now });
  const deviceName = await deviceNameOf(tx, c.deviceId);
  const outboundEmailId = await queueDecisionEmail(tx, c, staff, (customerName) => ({
    template: "DECISION_REJECTED",
    variables: { customerName, deviceName, reasonCodes: d.reasonCodes, reasonNote: d.note },
  }));
  await tx.caseEvent.create({
    data: { caseId: c.id, type: "REJECTED", actorId: staffIdOf(staff), data: { statusBefore: c.status, reasonCodes: d.reasonCodes, note: d.note ?? null, webhookEventId, outboundEmailId } },
  });
  await appendAll(tx, [caseDecidedAudit(staff, c, { decision: "REJECTED", statusAfter: "REJECTED", reasonCodes: d.reasonCodes, approvalId: null, override, versionAfter: version }, ctx.request)]);
  return { ref: c.ref, status: "REJECTED", version, outcome: "REJECTED", approvalId: null, deviceId: c.deviceId, webhookEventId, outboundEmailId };
}

async function requestResubmission(
  tx: Tx,
  staff: StaffActor,
  c: DecisionCase,
  d: Extract<ParsedDecision, { decision: "REQUEST_RESUBMISSION" }>,
  override: boolean,
  ctx: Ctx,
): Promise<DecideCaseResult> {
  // The assignee keeps the case: the customer's reply with documents puts it back to IN_REVIEW (lib/intake/process/case-join.ts).
  const { version } = await tx.reviewCase.update({ where: { id: c.id }, data: { status: "AWAITING_CUSTOMER", version: { increment: 1 } }, select: { version: true } });
  const outboundEmailId = await queueDecisionEmail(tx, c, staff, (customerName) => ({
    template: "RESUBMISSION_REQUEST",
    variables: { customerName, reasonCodes: d.reasonCodes, reasonNote: d.note },
  }));
  await tx.caseEvent.create({
    data: { caseId: c.id, type: "RESUBMISSION_REQUESTED", actorId: staffIdOf(staff), data: { statusBefore: c.status, reasonCodes: d.reasonCodes, note: d.note ?? null, outboundEmailId } },
  });
  await appendAll(tx, [
    caseDecidedAudit(staff, c, { decision: "RESUBMISSION_REQUESTED", statusAfter: "AWAITING_CUSTOMER", reasonCodes: d.reasonCodes, approvalId: null, override, versionAfter: version }, ctx.request),
  ]);
  return { ref: c.ref, status: "AWAITING_CUSTOMER", version, outcome: "AWAITING_CUSTOMER", approvalId: null, deviceId: c.deviceId, webhookEventId: null, outboundEmailId };
}

async function escalate(tx: Tx, staff: StaffActor, c: DecisionCase, note: string, override: boolean, ctx: Ctx): Promise<DecideCaseResult> {
  // Unassigned: supervisors claim escalated cases before new ones (claim.ts).
  const { version } = await tx.reviewCase.update({ where: { id: c.id }, data: { status: "ESCALATED", assigneeId: null, claimedAt: null, version: { increment: 1 } }, select: { version: true } });
  await tx.caseEvent.create({ data: { caseId: c.id, type: "ESCALATED", actorId: staffIdOf(staff), data: { statusBefore: c.status, assigneeBefore: c.assigneeId, note } } });
  await appendAll(tx, [caseDecidedAudit(staff, c, { decision: "ESCALATED", statusAfter: "ESCALATED", reasonCodes: [], approvalId: null, override, versionAfter: version }, ctx.request)]);
  return { ref: c.ref, status: "ESCALATED", version, outcome: "ESCALATED", approvalId: null, deviceId: c.deviceId, webhookEventId: null, outboundEmailId: null };
}

/** The permission a decision needs; read from the raw input only to pick which one to check first. */
const permissionFor = (input: unknown) => ((input as { decision?: unknown } | null)?.decision === "ESCALATE" ? "case.escalate" : "case.decide");

/**
 * Decides an open case the caller holds (supervisors: anyone's, as an audited override):
 * - APPROVE: authorises the case's device (step-up; ID-block override when the account's ID is
 *   bound elsewhere), case APPROVED, device.authorized + case.decided to the identity service,
 *   DECISION_APPROVED to the customer. A case with any FOUR_EYES_FLAGS authorises nothing: it
 *   waits for a second supervisor (PENDING_SECOND_APPROVAL, see second-approval.ts).
 * - REJECT (reason codes; OTHER needs a note): case REJECTED, case.decided, DECISION_REJECTED.
 * - REQUEST_RESUBMISSION (what is wrong; OTHER needs a note): AWAITING_CUSTOMER, RESUBMISSION_REQUEST.
 * - ESCALATE (note required): ESCALATED and unassigned.
 * The note of a rejection or resubmission request is written to the customer; the others stay internal.
 * `version` must be the case's current one (409 otherwise, nothing written). Needs case.decide
 * (case.escalate to escalate) on the case.
 */
export async function decideCase(actor: Actor, input: TDecideCaseInput, opts: Opts = {}): Promise<DecideCaseResult> {
  const { request } = opts;
  const permission = permissionFor(input);
  const { actor: staff } = await requireStaff(actor, permission, { request });
  const d = parseInput(ZDecideCaseInput, input);
  const number = caseNumberOf(d.ref);
  const ctx: Ctx = { request, now: opts.now ?? new Date() };

  const before = await readDecisionCase(db, number);
  // A tab that saw another version hears that first: the case changed under it (a colleague
  // escalated or took it over), which is what the user must learn — not the permission the new
  // state happens to refuse. Nothing is written either way.
  assertCaseVersion(before, d.version);
  const { override } = await requireStaff(staff, permission, { resource: { type: "case", id: before.id, assigneeId: before.assigneeId }, request });
  assertDecidable(before, d.decision);
  if (d.decision === "APPROVE") return approveCase(staff, before, d.note, override, ctx);

  return db.$transaction(async (tx) => {
    const c = await readDecisionCase(tx, number, { lock: true });
    assertCaseUnchanged(before, c);
    switch (d.decision) {
      case "REJECT":
        return reject(tx, staff, c, d, override, ctx);
      case "REQUEST_RESUBMISSION":
        return requestResubmission(tx, staff, c, d, override, ctx);
      case "ESCALATE":
        return escalate(tx, staff, c, d.note ?? "", override, ctx);
    }
  });
}
