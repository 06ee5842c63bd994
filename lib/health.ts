import type { Redis } from "ioredis";
import type { Db } from "./db";
import { aliveWorkers } from "./queue/heartbeat";
import { checkStorage } from "./storage";

export type CheckState = "up" | "down";
export interface Health {
  status: "ok" | "degraded";
  checks: { database: CheckState; redis: CheckState; s3: CheckState; workers: CheckState };
  /** Which worker processes are missing; names only, no personal data. */
  missingWorkers?: string[];
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);

/** Checks every dependency in parallel, each bounded to 2 s, so the endpoint answers even when one hangs. */
export async function checkHealth(db: Db, redis: Redis): Promise<Health> {
  const [database, redisUp, s3, workers] = await Promise.all([
    withTimeout(db.$queryRaw`SELECT 1`, 2_000).then(() => true, () => false),
    withTimeout(redis.ping(), 2_000).then((r) => r === "PONG", () => false),
    withTimeout(checkStorage(), 2_000).catch(() => false),
    withTimeout(aliveWorkers(redis), 2_000).catch(() => null),
  ]);
  const missing = workers ? Object.entries(workers).filter(([, up]) => !up).map(([n]) => n) : ["unknown"];
  const checks = {
    database: database ? "up" : "down",
    redis: redisUp ? "up" : "down",
    s3: s3 ? "up" : "down",
    workers: missing.length === 0 ? "up" : "down",
  } as const;
  const ok = Object.values(checks).every((c) => c === "up");
  return { status: ok ? "ok" : "degraded", checks, ...(missing.length ? { missingWorkers: missing } : {}) };
}
