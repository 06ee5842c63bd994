import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pruneOutboxJob } from "@/lib/outbox/jobs";
import { writeOutbox } from "@/lib/outbox/write";
import { createRedis } from "@/lib/queue/connection";
import { aliveWorkers } from "@/lib/queue/heartbeat";
import { queueFactory } from "@/lib/queue/queues";

const redis = createRedis("worker");
const queues = queueFactory(redis);
afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
});

function startWorker(file: string): ChildProcess {
  // The child gets this run's environment (its database, Redis prefix, buckets).
  return spawn(process.execPath, ["--import", "tsx", file], { env: process.env, stdio: ["ignore", "ignore", "inherit"] }); // eslint-disable-line no-restricted-properties
}

async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exitCode = (p: ChildProcess) => new Promise<number | null>((resolve) => p.once("exit", (code) => resolve(code)));

describe("worker processes", () => {
  it("the outbox relay publishes rows committed while it runs, beats its heartbeat, and stops cleanly on SIGTERM", async () => {
    const relay = startWorker("workers/outbox-relay.ts");
    try {
      await eventually(async () => (await aliveWorkers(redis))["outbox-relay"]);
      await db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "live" }));
      const job = await eventually(() => queues.get("scheduler").getJob("outbox.prune__live"));
      expect(job.name).toBe("outbox.prune");
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "outbox.prune__live" } });
      expect(row.publishedAt).not.toBeNull();
    } finally {
      const exited = exitCode(relay);
      relay.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });

  it("the scheduler registers the repeatable jobs and stops cleanly on SIGTERM", async () => {
    const scheduler = startWorker("workers/scheduler.ts");
    try {
      await eventually(async () => (await aliveWorkers(redis)).scheduler);
      const schedulers = await eventually(async () => {
        const list = await queues.get("scheduler").getJobSchedulers();
        return list.some((s) => s.key === "outbox.prune") && list;
      });
      expect(schedulers.map((s) => s.key)).toContain("outbox.prune");
    } finally {
      const exited = exitCode(scheduler);
      scheduler.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
