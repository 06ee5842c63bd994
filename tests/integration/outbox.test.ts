import { QueueEvents, type Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pruneOutboxJob } from "@/lib/outbox/jobs";
import { relayOutboxBatch } from "@/lib/outbox/relay";
import { writeOutbox } from "@/lib/outbox/write";
import { bullPrefix, createRedis } from "@/lib/queue/connection";
import { queueFactory } from "@/lib/queue/queues";
import { startQueueWorker } from "@/lib/queue/worker";

const redis = createRedis("worker");
const queues = queueFactory(redis);
const scheduler: Queue = queues.get("scheduler");

afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
});

describe("outbox → BullMQ relay", () => {
  it("publishes a committed row as a job whose id is the dedupe key, once", async () => {
    await db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "commit-1" }));
    expect(await relayOutboxBatch(db, queues.get, 50)).toBe(1);
    expect(await relayOutboxBatch(db, queues.get, 50)).toBe(0);

    const job = await scheduler.getJob("outbox.prune__commit-1");
    expect(job?.name).toBe("outbox.prune");
    expect(job?.data).toEqual({});
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "outbox.prune__commit-1" } });
    expect(row.publishedAt).not.toBeNull();
  });

  it("publishes nothing for a transaction that rolled back", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "rolled-back" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.outboxMessage.count({ where: { dedupeKey: "outbox.prune__rolled-back" } })).toBe(0);
    expect(await scheduler.getJob("outbox.prune__rolled-back")).toBeUndefined();
  });

  it("does not queue the same job twice when a relay re-publishes after a crash", async () => {
    await db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "crash" }));
    await relayOutboxBatch(db, queues.get, 50);
    // Simulate a relay that added the job but died before marking the row published.
    await db.outboxMessage.update({ where: { dedupeKey: "outbox.prune__crash" }, data: { publishedAt: null } });
    expect(await relayOutboxBatch(db, queues.get, 50)).toBe(1);
    const jobs = await scheduler.getJobs(["waiting", "delayed", "active", "completed"]);
    expect(jobs.filter((j) => j.id === "outbox.prune__crash")).toHaveLength(1);
  });

  it("holds back rows that are not due yet", async () => {
    await db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "later", availableAt: new Date(Date.now() + 3_600_000) }));
    expect(await relayOutboxBatch(db, queues.get, 50)).toBe(0);
  });

  it("refuses a payload its job does not accept, inside the caller's transaction", async () => {
    await expect(
      // @ts-expect-error -- the types refuse it too; this is a caller that got around them
      db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, { unexpected: "x" }, { dedupeKey: "bad" })),
    ).rejects.toThrow(/invalid payload/);
    expect(await db.outboxMessage.count({ where: { dedupeKey: "outbox.prune__bad" } })).toBe(0);
  });

  it("leaves rows in the table while Redis is unreachable, and publishes them later", async () => {
    await db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "redis-down" }));
    const deadRedis = new Redis({ host: "127.0.0.1", port: 1, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 200 });
    deadRedis.on("error", () => undefined); // expected: nothing listens there
    const dead = queueFactory(deadRedis);
    await expect(relayOutboxBatch(db, dead.get, 50)).rejects.toThrow();
    await dead.close().catch(() => undefined);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "outbox.prune__redis-down" } })).publishedAt).toBeNull();
    expect(await relayOutboxBatch(db, queues.get, 50)).toBeGreaterThanOrEqual(1);
  });

  it("a worker runs the relayed job through the registry (prune: deletes old rows, audits it)", async () => {
    await scheduler.obliterate({ force: true }); // jobs left by the tests above
    await db.outboxMessage.updateMany({ data: { publishedAt: new Date("2020-01-01") } });
    const old = await db.outboxMessage.count();
    expect(old).toBeGreaterThan(0);
    await db.$transaction((tx) => writeOutbox(tx, pruneOutboxJob, {}, { dedupeKey: "run-now" }));
    await relayOutboxBatch(db, queues.get, 50);

    const events = new QueueEvents("scheduler", { connection: createRedis("worker"), prefix: bullPrefix });
    await events.waitUntilReady();
    const worker = startQueueWorker("scheduler", { concurrency: 1 });
    const job = await scheduler.getJob("outbox.prune__run-now");
    const result = await job!.waitUntilFinished(events, 15_000);
    await worker.close();
    await events.close();

    expect(result).toEqual({ deleted: old });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "outbox.pruned" } });
    expect(audit.data).toMatchObject({ deleted: old });
    expect(audit.actorType).toBe("SYSTEM");
  });
});
