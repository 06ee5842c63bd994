import { appendAudit } from "../audit/append";
import { systemActor } from "../auth/actor";
import { db } from "../db";
import { writeOutbox } from "../outbox/write";
import { processInboundJob } from "./jobs";
import { markInboundFailed } from "./process/failure";
import { STUCK_AFTER_MS } from "./staff/rules";

/** After this many automatic requeues an email goes to the dead-letter list for a person to look at. */
export const MAX_SWEEPS = 3;

export interface SweepResult {
  requeued: string[];
  failed: string[];
}

/**
 * Finds emails that stopped moving — RECEIVED or PROCESSING with no intake job queued for
 * STUCK_AFTER_MS (a worker killed on every attempt, a job lost with Redis) — and queues them again,
 * at most MAX_SWEEPS times; then they become dead letters (FAILED) that a supervisor retries.
 * Re-running the pipeline is safe: it writes once. Runs on the scheduler every 5 minutes.
 */
export async function sweepStuckInbound(now = new Date(), limit = 100): Promise<SweepResult> {
  const before = new Date(now.getTime() - STUCK_AFTER_MS);
  // "Last queued": the newest outbox row for the email (outbox rows live for days), else receipt.
  const stuck = await db.$queryRaw<{ id: string; status: string }[]>`
    SELECT e.id::text AS id, e.status::text AS status
    FROM "InboundEmail" e
    WHERE e.status IN ('RECEIVED', 'PROCESSING') AND e."receivedAt" < ${before}
      AND COALESCE(e."linkedAt", e."receivedAt") < ${before}
      AND NOT EXISTS (
        SELECT 1 FROM "OutboxMessage" o
        WHERE o."jobName" = 'intake.process' AND o.payload->>'inboundEmailId' = e.id::text AND o."createdAt" >= ${before})
    ORDER BY e."receivedAt"
    LIMIT ${limit}`;
  const result: SweepResult = { requeued: [], failed: [] };
  for (const row of stuck) {
    const sweeps = await db.auditEntry.count({ where: { action: "email.requeued", targetType: "InboundEmail", targetId: row.id } });
    if (sweeps >= MAX_SWEEPS) {
      if (await markInboundFailed(row.id, `stuck in ${row.status} after ${sweeps} automatic requeues; retry it from the Inbound page`)) result.failed.push(row.id);
      continue;
    }
    await db.$transaction(async (tx) => {
      await writeOutbox(tx, processInboundJob, { inboundEmailId: row.id }, { dedupeKey: `intake.process:${row.id}:sweep:${sweeps + 1}` });
      await appendAudit(tx, {
        action: "email.requeued",
        actor: systemActor("intake-sweep"),
        target: { type: "InboundEmail", id: row.id },
        data: { inboundEmailId: row.id, previousStatus: row.status, sweep: sweeps + 1 },
      });
    });
    result.requeued.push(row.id);
  }
  return result;
}
