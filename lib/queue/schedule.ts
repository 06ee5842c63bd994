import type { Queue } from "bullmq";
import { defaultJobOptions, type QueueName } from "./define";
import { jobs } from "./jobs";

/**
 * Registers (or updates) a BullMQ job scheduler for every job with a schedule. Idempotent. Each
 * run keeps the shared retention of finished jobs (a job every 10 s would otherwise leave 8,640
 * completed jobs a day in Redis) and the job's own options.
 */
export async function registerSchedules(queueFor: (name: QueueName) => Queue): Promise<string[]> {
  const names: string[] = [];
  const retention = { removeOnComplete: defaultJobOptions.removeOnComplete, removeOnFail: defaultJobOptions.removeOnFail };
  for (const job of jobs) {
    if (!job.schedule) continue;
    await queueFor(job.queue).upsertJobScheduler(job.name, job.schedule, { name: job.name, data: {}, opts: { ...retention, ...job.options } });
    names.push(job.name);
  }
  return names;
}
