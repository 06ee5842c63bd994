import { UnrecoverableError, Worker, type Job } from "bullmq";
import { errFields, logger } from "../log";
import { bullPrefix, createRedis } from "./connection";
import type { QueueName } from "./define";
import { findJob } from "./jobs";

/**
 * A BullMQ worker for one queue that dispatches by job name through the registry. Payloads are
 * validated before the handler runs; an invalid payload fails at once (no retries).
 */
export function startQueueWorker(queue: QueueName, opts: { concurrency?: number } = {}): Worker {
  const worker = new Worker(
    queue,
    async (job: Job) => {
      const def = findJob(job.name);
      if (!def || def.queue !== queue) throw new UnrecoverableError(`no job "${job.name}" on queue ${queue}`);
      const parsed = def.payload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.issues.map((i) => i.path.join(".") + " " + i.message).join("; ")}`);
      return def.handler(parsed.data, job);
    },
    { connection: createRedis("worker"), prefix: bullPrefix, concurrency: opts.concurrency ?? 4 },
  );
  worker.on("failed", (job, err) => logger.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, ...errFields(err) }, "job failed"));
  worker.on("error", (err) => logger.error({ queue, ...errFields(err) }, "worker error"));
  return worker;
}
