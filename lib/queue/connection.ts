import { Redis, type RedisOptions } from "ioredis";
import { config } from "../config";
import { errFields, logger } from "../log";

/** BullMQ prefix: every queue key lives under `<REDIS_PREFIX>:bull:`. */
export const bullPrefix = `${config.REDIS_PREFIX}:bull`;
/** Prefix for Gatehouse's own Redis keys (heartbeats, rate limits, presence). */
export const keyPrefix = `${config.REDIS_PREFIX}:`;

/**
 * A new connection. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on them); producers
 * fail fast instead so a dead Redis surfaces as an error, not a hung request.
 */
export function createRedis(kind: "worker" | "producer" = "producer", extra: RedisOptions = {}): Redis {
  return new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: kind === "worker" ? null : 1,
    enableOfflineQueue: kind === "worker",
    connectTimeout: 2_000,
    lazyConnect: false,
    ...extra,
  });
}

const globalForRedis = globalThis as unknown as { gatehouseRedis?: Redis };
/** Shared producer connection for the web process (health checks, presence, rate limits). */
export function sharedRedis(): Redis {
  if (!globalForRedis.gatehouseRedis) {
    const redis = createRedis("producer", { enableOfflineQueue: true });
    // While Redis is down ioredis emits an error per reconnect attempt; callers see their own
    // command errors (and degrade), so one warning per outage is enough, not an unhandled event each time.
    let down = false;
    redis.on("error", (err: Error) => {
      if (down) return;
      down = true;
      logger.warn({ redis: "shared", ...errFields(err) }, "redis unavailable; retrying");
    });
    redis.on("ready", () => {
      down = false;
    });
    globalForRedis.gatehouseRedis = redis;
  }
  return globalForRedis.gatehouseRedis;
}
