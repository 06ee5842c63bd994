// Scheduler: registers repeatable jobs and runs the "scheduler" queue (expiry, SLA, auto-assignment,
// retention, housekeeping). Run: npm run worker:scheduler
import { db } from "../lib/db";
import { errFields, logger } from "../lib/log";
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
// Registration is async: the shutdown handler is installed first and waits for it, so a SIGTERM
// during start-up still stops cleanly instead of killing the process mid-registration.
const registration = registerSchedules(queues.get).then(
  (scheduled) => logger.info({ worker: "scheduler", scheduled }, "started"),
  (err: unknown) => {
    // Without its schedules the scheduler is useless: exit so the supervisor restarts it.
    logger.error({ worker: "scheduler", ...errFields(err) }, "could not register schedules");
    process.exit(1);
  },
);

onShutdown("scheduler", async () => {
  stopBeat();
  await registration;
  await worker.close();
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
});
