// Outbox relay: moves committed outbox rows to BullMQ (lib/outbox). Run: npm run worker:outbox
import { db } from "../lib/db";
import { logger } from "../lib/log";
import { runRelayLoop } from "../lib/outbox/relay-loop";
import { createRedis } from "../lib/queue/connection";
import { startHeartbeat } from "../lib/queue/heartbeat";
import { onShutdown } from "../lib/queue/lifecycle";
import { queueFactory } from "../lib/queue/queues";

const redis = createRedis("worker");
const queues = queueFactory(redis);
const stopBeat = startHeartbeat(redis, "outbox-relay");
const relay = runRelayLoop(db, queues);
logger.info({ worker: "outbox-relay" }, "started");

onShutdown("outbox-relay", async () => {
  stopBeat();
  await relay.stop();
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
});
