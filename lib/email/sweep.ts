import { db } from "../db";
import { jobIsAlive } from "../queue/job-state";
import { writeOutbox } from "../outbox/write";
import { sendEmailJob } from "./jobs";

/** A QUEUED email whose send job has been gone for this long gets a new one. */
export const EMAIL_STUCK_AFTER_MS = 15 * 60_000;

/**
 * Finds customer emails still QUEUED more than 15 minutes after they were queued (or last
 * requeued) whose `email.send` job BullMQ no longer holds — lost with Redis's data, or abandoned by
 * killed workers until it failed — and queues a new send for each. A job that is only waiting for
 * its next retry (SMTP down) is left alone, so an outage does not double the sends. Sending stays
 * at least once (lib/email/send.ts); a SENT row is never sent again. Runs on the scheduler every
 * 5 minutes.
 */
export async function sweepStuckEmails(now = new Date(), limit = 500): Promise<{ requeued: string[] }> {
  const before = new Date(now.getTime() - EMAIL_STUCK_AFTER_MS);
  const rows = await db.$queryRaw<{ id: string; dedupeKey: string | null }[]>`
    SELECT e.id::text AS id,
      (SELECT o."dedupeKey" FROM "OutboxMessage" o
        WHERE o."jobName" = 'email.send' AND o.payload->>'outboundEmailId' = e.id::text
        ORDER BY o."createdAt" DESC LIMIT 1) AS "dedupeKey"
    FROM "OutboundEmail" e
    WHERE e.status = 'QUEUED' AND e."createdAt" < ${before}
      AND NOT EXISTS (
        SELECT 1 FROM "OutboxMessage" o
        WHERE o."jobName" = 'email.send' AND o.payload->>'outboundEmailId' = e.id::text
          AND (o."createdAt" >= ${before} OR o."publishedAt" IS NULL))
    ORDER BY e."createdAt"
    LIMIT ${limit}`;
  const requeued: string[] = [];
  for (const row of rows) {
    // The relay uses the outbox row's dedupeKey as the BullMQ job id.
    if (row.dedupeKey && (await jobIsAlive("delivery", row.dedupeKey))) continue;
    await db.$transaction((tx) => writeOutbox(tx, sendEmailJob, { outboundEmailId: row.id }, { dedupeKey: `email.send:${row.id}:sweep:${now.getTime()}` }));
    requeued.push(row.id);
  }
  return { requeued };
}
