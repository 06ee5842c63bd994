import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { createRedis } from "@/lib/queue/connection";
import { expectedWorkers, startHeartbeat } from "@/lib/queue/heartbeat";

const redis = createRedis("worker");
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});

const callHealth = () => GET(new Request("http://127.0.0.1/api/health"), { params: Promise.resolve({}) });

describe("GET /api/health", () => {
  it("answers 503 degraded, naming the missing workers, when no worker is running", async () => {
    const res = await callHealth();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toEqual({
      status: "degraded",
      checks: { database: "up", redis: "up", s3: "up", workers: "down" },
      missingWorkers: [...expectedWorkers],
    });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers 200 ok when every dependency and worker is up", async () => {
    const stops = expectedWorkers.map((w) => startHeartbeat(redis, w));
    await new Promise((r) => setTimeout(r, 200));
    const res = await callHealth();
    stops.forEach((s) => s());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "up", redis: "up", s3: "up", workers: "up" } });
  });

  it("reports Redis down (and workers unknown) without hanging when Redis is unreachable", async () => {
    const dead = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    dead.on("error", () => undefined); // expected: nothing listens there
    const health = await checkHealth(db, dead);
    expect(health.status).toBe("degraded");
    expect(health.checks).toMatchObject({ database: "up", redis: "down", s3: "up", workers: "down" });
    dead.disconnect();
  });
});
