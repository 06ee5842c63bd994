// Scheduler: registers repeatable jobs and runs the "scheduler" queue (expiry, SLA, retention,
// housekeeping). Run: npm run worker:scheduler
import { db } from "../lib/db";
import { logger } from "../lib/log";
import { createRedis } from "../lib/queue/connection";
import { startHeartbeat } from "../lib/queue/heartbeat";
import { onShutdown } from "../lib/queue/lifecycle";
import { queueFactory } from "../lib/queue/queues";
import { registerSchedules } from "../lib/queue/schedule";
import { startQueueWorker } from "../lib/queue/worker";

const redis = createRedis("worker");
const queues = queueFactory(redis);
const stopBeat = startHeartbeat(redis, "scheduler");
const worker = startQueueWorker("scheduler", { concurrency: 2 });
const scheduled = await registerSchedules(queues.get);
logger.info({ worker: "scheduler", scheduled }, "started");

onShutdown("scheduler", async () => {
  stopBeat();
  await worker.close();
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
});
