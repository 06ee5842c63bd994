import { Queue } from "bullmq";
import { bullPrefix, sharedRedis } from "./connection";
import type { QueueName } from "./define";

// Whether a job is still somewhere BullMQ will run it, for sweeps that must not queue a second
// copy of a job that is only waiting for its next retry.

const ALIVE = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children"]);

let queues: Map<QueueName, Queue> | null = null;
function queue(name: QueueName): Queue {
  queues ??= new Map();
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: sharedRedis(), prefix: bullPrefix });
    queues.set(name, q);
  }
  return q;
}

/** True when the job with this id is waiting, delayed, active or prioritised; false when it is gone, completed or failed. */
export async function jobIsAlive(name: QueueName, jobId: string): Promise<boolean> {
  const job = await queue(name).getJob(jobId);
  if (!job) return false;
  return ALIVE.has(await job.getState());
}
