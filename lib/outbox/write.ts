import type { z } from "zod";
import { AppError } from "../errors";
import type { Tx } from "../db";
import type { JobDefinition } from "../queue/define";

export interface OutboxOptions {
  /** Becomes the BullMQ job id: the same key is never queued twice. Make it deterministic. */
  dedupeKey: string;
  /** Publish no earlier than this. */
  availableAt?: Date;
}

/**
 * Records a side effect (a job) inside the caller's transaction. It reaches BullMQ only if the
 * transaction commits; workers/outbox-relay publishes it, so Redis being down delays but never
 * loses it. The payload is validated here, at the source.
 */
export async function writeOutbox<S extends z.ZodType>(tx: Tx, job: JobDefinition<S>, payload: z.input<S>, opts: OutboxOptions): Promise<void> {
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) throw new AppError("INTERNAL", `invalid payload for job ${job.name}`, undefined, { cause: parsed.error });
  await tx.outboxMessage.create({
    data: {
      queue: job.queue,
      jobName: job.name,
      payload: parsed.data as object,
      // BullMQ refuses ":" in custom job ids.
      dedupeKey: `${job.name}__${opts.dedupeKey.replaceAll(":", "_")}`,
      availableAt: opts.availableAt,
    },
  });
  // Wakes the relay at commit (NOTIFY is transactional); polling covers a missed notification.
  await tx.$executeRaw`SELECT pg_notify('gatehouse_outbox', '')`;
}
