import type { Queue } from "bullmq";
import type { QueueName } from "./define";
import { jobs } from "./jobs";

/** Registers (or updates) a BullMQ job scheduler for every job with a schedule. Idempotent. */
export async function registerSchedules(queueFor: (name: QueueName) => Queue): Promise<string[]> {
  const names: string[] = [];
  for (const job of jobs) {
    if (!job.schedule) continue;
    await queueFor(job.queue).upsertJobScheduler(job.name, job.schedule, { name: job.name, data: {} });
    names.push(job.name);
  }
  return names;
}
