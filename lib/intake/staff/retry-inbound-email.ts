import { appendAudit } from "../../audit/append";
import type { Actor } from "../../auth/actor";
import { requireStaff } from "../../auth/require-staff";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { InboundEmailStatus } from "../../generated/prisma/enums";
import type { RequestContext } from "../../http/request-context";
import { retryBlocker } from "./rules";
import { INBOUND_TARGET, lockInboundEmail, parseRecordId, purgedDetail, requeueProcessing } from "./shared";

export interface RetryInboundEmailResult {
  id: string;
  status: "RECEIVED";
  previousStatus: InboundEmailStatus;
}

/**
 * Sends a dead letter (FAILED), or an email stuck in RECEIVED/PROCESSING for 15 minutes, through
 * the intake pipeline again: status RECEIVED, a new "intake.process" job, audit email.retried, in
 * one transaction. A stuck email that is in fact still running is harmless to retry: the pipeline
 * re-checks the row under a lock and writes once. The last error stays visible until a run succeeds.
 */
export async function retryInboundEmail(actor: Actor, input: { id: string }, opts: { request?: RequestContext; now?: Date } = {}): Promise<RetryInboundEmailResult> {
  const { actor: staff } = await requireStaff(actor, "inbound.retry", { request: opts.request });
  const id = parseRecordId(input?.id, "inbound email");
  const now = opts.now ?? new Date();

  return db.$transaction(async (tx) => {
    const row = await lockInboundEmail(tx, id);
    const lastRetry = row.status === "FAILED" ? null : await tx.auditEntry.findFirst({
      where: { action: "email.retried", targetType: INBOUND_TARGET, targetId: id },
      orderBy: { seq: "desc" },
      select: { occurredAt: true },
    });
    const blocked = retryBlocker(row, now, lastRetry?.occurredAt ?? null);
    if (blocked) throw new AppError("CONFLICT", blocked, { status: row.status, ...purgedDetail(row) });

    await tx.inboundEmail.update({ where: { id }, data: { status: "RECEIVED", processedAt: null } });
    await requeueProcessing(tx, id, "retry");
    await appendAudit(tx, {
      action: "email.retried",
      actor: staff,
      target: { type: INBOUND_TARGET, id },
      request: opts.request,
      data: { inboundEmailId: id, previousStatus: row.status },
    });
    return { id, status: "RECEIVED" as const, previousStatus: row.status };
  });
}
