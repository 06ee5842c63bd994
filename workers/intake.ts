// Intake and delivery: runs the "intake" queue (inbound email → documents, case, replies), the
// "delivery" queue (outbound email and webhooks to the identity service) and the "exports" queue
// (background audit exports). Run: npm run worker:intake
import { db } from "../lib/db";
import { logger } from "../lib/log";
import { createRedis } from "../lib/queue/connection";
import { startHeartbeat } from "../lib/queue/heartbeat";
import { onShutdown } from "../lib/queue/lifecycle";
import { startQueueWorker } from "../lib/queue/worker";

const redis = createRedis("worker");
const stopBeat = startHeartbeat(redis, "intake");
// Intake is CPU-bound (image decoding and re-encoding): two at a time on two cores. Delivery waits on SMTP.
const intake = startQueueWorker("intake", { concurrency: 2 });
const delivery = startQueueWorker("delivery", { concurrency: 4 });
// Background audit exports (lib/exports): one at a time, each streams a file to S3 in constant memory.
const exportsWorker = startQueueWorker("exports", { concurrency: 1 });
logger.info({ worker: "intake", queues: ["intake", "delivery", "exports"] }, "started");

onShutdown("intake", async () => {
  stopBeat();
  // close() lets the jobs in hand finish; an interrupted one is retried (every handler is idempotent).
  await Promise.all([intake.close(), delivery.close(), exportsWorker.close()]);
  redis.disconnect();
  await db.$disconnect();
});
