import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { errFields, logger } from "../log";
import { bullPrefix, createRedis } from "./connection";
import type { QueueName } from "./define";

/** One Queue per name per process, sharing one producer connection. */
export function queueFactory(connection: Redis = createRedis("worker")): { get(name: QueueName): Queue; close(): Promise<void> } {
  const queues = new Map<QueueName, Queue>();
  return {
    get(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection, prefix: bullPrefix });
        q.on("error", (err) => logger.warn({ queue: name, ...errFields(err) }, "queue connection error"));
        queues.set(name, q);
      }
      return q;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}
