import { sharedRedis } from "./connection";
import type { QueueName } from "./define";
import { queueFactory } from "./queues";

// Whether a job is still somewhere BullMQ will run it, for sweeps that must not queue a second
// copy of a job that is only waiting for its next retry.

const ALIVE = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children"]);

let queues: ReturnType<typeof queueFactory> | null = null;

/** True when the job with this id is waiting, delayed, active or prioritised; false when it is gone, completed or failed. */
export async function jobIsAlive(name: QueueName, jobId: string): Promise<boolean> {
  queues ??= queueFactory(sharedRedis());
  const job = await queues.get(name).getJob(jobId);
  if (!job) return false;
  return ALIVE.has(await job.getState());
}
