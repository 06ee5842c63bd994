import { db } from "../db";
import { writeOutbox } from "../outbox/write";
import { deliverWebhookJob } from "./jobs";

/** A PENDING delivery with no attempt queued for this long has lost its job. */
export const WEBHOOK_STUCK_AFTER_MS = 15 * 60_000;

/**
 * Finds PENDING deliveries whose next attempt was due more than 15 minutes ago and that have no
 * attempt queued since — their job ran out of BullMQ's own retries while the database or Redis was
 * down — and queues one attempt each. The attempt itself applies the 24-hour window (past it, the
 * delivery becomes FAILED and is audited). Runs on the scheduler every 5 minutes.
 */
export async function sweepStuckWebhooks(now = new Date(), limit = 500): Promise<{ requeued: string[] }> {
  const before = new Date(now.getTime() - WEBHOOK_STUCK_AFTER_MS);
  const stuck = await db.$queryRaw<{ id: string; attempts: number }[]>`
    SELECT d.id::text AS id, d.attempts
    FROM "WebhookDelivery" d
    WHERE d.status = 'PENDING' AND COALESCE(d."nextAttemptAt", d."createdAt") < ${before}
      AND NOT EXISTS (
        SELECT 1 FROM "OutboxMessage" o
        WHERE o."jobName" = 'webhooks.deliver' AND o.payload->>'deliveryId' = d.id::text
          AND (o."createdAt" >= ${before} OR o."availableAt" > ${now}))
    ORDER BY d."createdAt"
    LIMIT ${limit}`;
  for (const row of stuck) {
    await db.$transaction((tx) => writeOutbox(tx, deliverWebhookJob, { deliveryId: row.id }, { dedupeKey: `${row.id}:s${row.attempts}` }));
  }
  return { requeued: stuck.map((r) => r.id) };
}
