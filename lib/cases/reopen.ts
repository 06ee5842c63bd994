import type { Actor } from "../auth/actor";
import { appendAudit } from "../audit/append";
import { requireStaff } from "../auth/require-staff";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { ZReopenCaseInput } from "./decision-input";
import { assertCaseUnchanged, assertCaseVersion, describeStatus, readDecisionCase } from "./decision-shared";
import type { ReopenCaseResult, TReopenCaseInput } from "./decision-types";
import { caseNumberOf, CASE_TARGET, isDecidedStatus, parseInput, staffIdOf } from "./shared";

export type { ReopenCaseResult, TReopenCaseInput } from "./decision-types";

type Opts = { request?: RequestContext; now?: Date };

const HOUR_MS = 3_600_000;

/**
 * A supervisor reopens an APPROVED or REJECTED case decided within CASE_REOPEN_WINDOW_HOURS, with
 * a reason (10–2,000 characters, kept on the REOPENED timeline event, never in the audit entry).
 * The case goes back to IN_REVIEW with its assignee (NEW when it has none), reopenedAt is set and
 * the decision fields are cleared: an open case carries no decision, and the one it had stays on
 * the timeline (APPROVED / REJECTED events, copied into the REOPENED event) and in the audit trail.
 * The device is left as it is — an authorised device stays authorised until someone revokes it,
 * which is a separate device action; the customer and the identity service are not told.
 * Audited as case.reopened. Needs case.reopen (supervisors).
 */
export async function reopenCase(actor: Actor, input: TReopenCaseInput, opts: Opts = {}): Promise<ReopenCaseResult> {
  const { request } = opts;
  const { actor: staff } = await requireStaff(actor, "case.reopen", { request });
  const { ref, reason, version } = parseInput(ZReopenCaseInput, input);
  const number = caseNumberOf(ref);
  const now = opts.now ?? new Date();

  const before = await readDecisionCase(db, number);
  if (!isDecidedStatus(before.status)) throw new AppError("CONFLICT", `Case ${before.ref} is ${describeStatus(before.status)}: only approved or rejected cases can be reopened.`, { ref: before.ref, status: before.status });
  assertCaseVersion(before, version);
  const windowHours = config.CASE_REOPEN_WINDOW_HOURS;
  if (!before.decidedAt || now.getTime() - before.decidedAt.getTime() > windowHours * HOUR_MS) {
    throw new AppError("CONFLICT", `Case ${before.ref} was decided more than ${windowHours} hours ago and can no longer be reopened; open a new case instead.`, {
      ref: before.ref,
      decidedAt: before.decidedAt?.toISOString() ?? null,
      windowHours,
    });
  }

  return db.$transaction(async (tx) => {
    const c = await readDecisionCase(tx, number, { lock: true });
    assertCaseUnchanged(before, c);
    const status = c.assigneeId ? "IN_REVIEW" : "NEW";
    const updated = await tx.reviewCase.update({
      where: { id: c.id },
      data: { status, reopenedAt: now, decidedById: null, decidedAt: null, decisionNote: null, rejectReasons: [], version: { increment: 1 } },
      select: { version: true, device: { select: { id: true, status: true } } },
    });
    await tx.caseEvent.create({
      data: {
        caseId: c.id,
        type: "REOPENED",
        actorId: staffIdOf(staff),
        data: {
          reason,
          statusBefore: c.status,
          statusAfter: status,
          previous: { status: c.status, decidedById: c.decidedById, decidedAt: c.decidedAt?.toISOString() ?? null, rejectReasons: c.rejectReasons, note: c.decisionNote },
          deviceId: updated.device?.id ?? null,
          deviceStatus: updated.device?.status ?? null,
        },
      },
    });
    await appendAudit(tx, {
      action: "case.reopened",
      actor: staff,
      target: { type: CASE_TARGET, id: c.id },
      caseId: c.id,
      accountId: c.accountId,
      request,
      data: { caseId: c.id, ref: c.ref, statusBefore: c.status, decidedAt: c.decidedAt?.toISOString() ?? null, versionAfter: updated.version },
    });
    return { ref: c.ref, status, version: updated.version, reopenedAt: now.toISOString(), device: updated.device, deviceUnchanged: true as const };
  });
}
