import type { Queue } from "bullmq";
import type { Db } from "../db";
import { defaultJobOptions, type QueueName } from "../queue/define";
import { jobOptions } from "../queue/jobs";

interface Row {
  id: bigint;
  queue: string;
  jobName: string;
  payload: unknown;
  dedupeKey: string;
}

/**
 * Moves one batch of due outbox rows to BullMQ and marks them published. Rows are locked with
 * SKIP LOCKED, so several relays can run. If Redis fails mid-batch the transaction rolls back and
 * the rows are retried; jobs already added are not added twice (job id = dedupeKey).
 * Returns the number of rows published.
 */
export async function relayOutboxBatch(db: Db, queueFor: (name: QueueName) => Queue, batch: number): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT id, queue, "jobName", payload, "dedupeKey" FROM "OutboxMessage"
        WHERE "publishedAt" IS NULL AND "availableAt" <= now()
        ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, Row[]>();
      for (const r of rows) {
        const list = byQueue.get(r.queue);
        if (list) list.push(r);
        else byQueue.set(r.queue, [r]);
      }
      for (const [queue, list] of byQueue) {
        await queueFor(queue as QueueName).addBulk(
          list.map((r) => ({
            name: r.jobName,
            data: r.payload,
            opts: { ...defaultJobOptions, ...jobOptions(r.jobName), jobId: r.dedupeKey },
          })),
        );
      }
      await tx.$executeRaw`UPDATE "OutboxMessage" SET "publishedAt" = now(), attempts = attempts + 1 WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
      return rows.length;
    },
    { timeout: 30_000 },
  );
}
