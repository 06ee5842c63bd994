import type { Redis } from "ioredis";
import { config } from "../config";
import { keyPrefix } from "./connection";

/** Worker processes the health check expects to see alive. */
export const expectedWorkers = ["outbox-relay", "scheduler", "intake"] as const;

const key = (name: string) => `${keyPrefix}worker:${name}`;

/** Writes `<prefix>worker:<name>` every few seconds with a TTL of three beats. */
export function startHeartbeat(redis: Redis, name: string): () => void {
  const every = config.WORKER_HEARTBEAT_SECONDS;
  const beat = () =>
    redis.set(key(name), JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), "EX", every * 3).catch(() => {
      // Redis down: the health check reports the worker missing, which is the truth.
    });
  void beat();
  const timer = setInterval(beat, every * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

export async function aliveWorkers(redis: Redis): Promise<Record<string, boolean>> {
  const values = await redis.mget(...expectedWorkers.map(key));
  return Object.fromEntries(expectedWorkers.map((n, i) => [n, values[i] !== null]));
}
