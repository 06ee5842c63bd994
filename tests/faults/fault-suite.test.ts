// The fault suite (issue 8, docs/RELIABILITY.md): a burst of inbound emails through the real edge
// handlers while Redis is stopped, the workers are SIGKILLed mid-job, the S3 server disappears and
// Postgres restarts — all private instances started here — then the invariants after recovery.
// Everything from lib/ is imported after the environment points at the private services.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultSettings as S } from "./setup/settings";
import { Registry, sleep, startPostgres, startRedis, startS3, workerProcess, type PrivatePostgres, type PrivateRedis, type PrivateS3, type WorkerProcess } from "./setup/services";
import { planBurst, runBurst, seeded, type DeliveryResult, type Edge, type EdgeEvent } from "./support/burst";
import { prepareDecisions, runDecisions } from "./support/decisions";
import { checkInvariants, type Figures } from "./support/invariants";
import type { WebhookReceiver } from "@/tests/support/webhook-receiver";

const reg = new Registry();
let pg: PrivatePostgres;
let redis: PrivateRedis;
let s3: PrivateS3;
let relay: WorkerProcess;
let intake: WorkerProcess;
let closeSink: (() => Promise<void>) | undefined;
let receiver: WebhookReceiver | undefined;
const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
let closeClients: (() => Promise<void>) | undefined;

beforeAll(async () => {
  try {
    [pg, redis, s3] = await Promise.all([startPostgres(reg), startRedis(reg), startS3(reg)]);
    const { startSmtpSink } = await import("@/scripts/lib/smtp-sink");
    const sink = await startSmtpSink({ port: 0, keep: true });
    closeSink = () => sink.close();
    sinkMessages = () => sink.messages.map((m) => m.parsed.messageId ?? "");
    // The identity service's webhook receiver: verifies signatures, counts each webhook-id's arrivals.
    const { startWebhookReceiver } = await import("@/tests/support/webhook-receiver");
    receiver = await startWebhookReceiver({ port: 0, secret: webhookSecret });
    const env = {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: "ghfault",
      S3_ENDPOINT: s3.url,
      SMTP_URL: sink.url,
      OUTBOX_POLL_MS: "200",
      WORKER_HEARTBEAT_SECONDS: "2",
    };
    S.setEnv(env);
    const { applyMigrations } = await import("@/scripts/db/engine");
    await applyMigrations(pg.url);
    const storage = await import("@/lib/storage");
    await storage.ensureBuckets();
    // Workers log (NODE_ENV=test silences info): their logs are in the run directory.
    const workerEnv = { ...S.baseEnv(), ...env, NODE_ENV: "development" as const, LOG_LEVEL: "info", WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" };
    relay = workerProcess(reg, "outbox-relay", "workers/outbox-relay.ts", workerEnv);
    intake = workerProcess(reg, "intake", "workers/intake.ts", workerEnv);
    await Promise.all([relay.start(), intake.start()]);
  } catch (err) {
    await reg.cleanup(S.keepDir);
    throw err;
  }
});

afterAll(async () => {
  await Promise.all([relay?.stop(), intake?.stop()].map((p) => p?.catch(() => undefined)));
  await closeClients?.().catch(() => undefined);
  await closeSink?.().catch(() => undefined);
  await receiver?.close().catch(() => undefined);
  await reg.cleanup(S.keepDir);
});

let sinkMessages: () => string[] = () => [];

interface FaultLog {
  name: string;
  startedAt: number;
  endedAt: number;
  /** For the worker kill: emails in PROCESSING when it happened. */
  inHand?: string[];
}

describe("fault suite", () => {
  it("loses and duplicates nothing through Redis, worker, S3 and Postgres failures", async () => {
    const { db } = await import("@/lib/db");
    const { makeAccount, idPhotos, seedSlaPolicies } = await import("@/tests/support/intake-world");
    const { POST: mime } = await import("@/app/api/inbound/mime/route");
    const { POST: postmark } = await import("@/app/api/inbound/postmark/route");
    const { config } = await import("@/lib/config");
    // The edge's shared Redis connection (replay cache) has no error listener, so ioredis prints
    // every failed reconnect to stderr while Redis is down; count them here instead.
    const { sharedRedis } = await import("@/lib/queue/connection");
    let edgeRedisErrors = 0;
    sharedRedis().on("error", () => edgeRedisErrors++);
    closeClients = async () => {
      await db.$disconnect();
      sharedRedis().disconnect();
    };

    await seedSlaPolicies();
    const accounts = [];
    for (let i = 0; i < S.accounts; i++) {
      const a = await makeAccount({ email: `fault-customer-${i}@mail.example.com` });
      accounts.push({ id: a.id, email: a.email, pendingDeviceId: a.pendingDeviceId, photos: await idPhotos(`fault-${S.seed}-${i}`) });
    }

    const decisions = await prepareDecisions(S.decisions, receiver!, webhookSecret);

    const gap = S.gapSeconds * 1000;
    const redisDown = S.redisDownSeconds * 1000;
    const s3Down = S.s3DownSeconds * 1000;
    // Timeline (ms from the burst's start): Redis down → worker kill → S3 down → Postgres restart.
    const tRedis = 5_000;
    const tKill = tRedis + redisDown + gap;
    const tS3 = tKill + gap;
    const tPg = tS3 + s3Down + gap;
    const spreadMs = tPg + 5_000;

    const { emails, deliveries } = planBurst({ accounts, perAccount: S.emailsPerAccount, unknownSenders: S.unknownSenders, duplicateRate: S.duplicateRate, spreadMs, random: seeded(S.seed) });
    const edge: Edge = {
      mime,
      postmark,
      mimeSecret: config.INBOUND_MIME_SECRET,
      postmarkAuth: `Basic ${Buffer.from(`${config.POSTMARK_INBOUND_USERNAME}:${config.POSTMARK_INBOUND_PASSWORD}`).toString("base64")}`,
    };
    const events: EdgeEvent[] = [];
    const t0 = Date.now();
    const faults: FaultLog[] = [];
    const at = (ms: number) => sleep(Math.max(0, t0 + ms - Date.now()));
    const now = () => Date.now() - t0;

    const injecting = (async () => {
      await at(tRedis);
      const r = { name: "redis stopped", startedAt: now(), endedAt: 0 };
      await redis.stop();
      await at(tRedis + redisDown);
      await redis.start();
      r.endedAt = now();
      faults.push(r);

      await at(tKill);
      // Wait (up to 15 s) until the intake worker holds a job, so the kill is mid-job.
      let inHand: { id: string }[] = [];
      for (let i = 0; i < 150 && !inHand.length; i++) {
        inHand = await db.inboundEmail.findMany({ where: { status: "PROCESSING" }, select: { id: true } });
        if (!inHand.length) await sleep(100);
      }
      const k: FaultLog = { name: "workers SIGKILLed", startedAt: now(), endedAt: 0, inHand: inHand.map((e) => e.id) };
      await Promise.all([intake.kill(), relay.kill()]);
      await sleep(1_000); // the supervisor restarts them
      await Promise.all([intake.start(), relay.start()]);
      k.endedAt = now();
      faults.push(k);

      await at(tS3);
      const s = { name: "s3 stopped", startedAt: now(), endedAt: 0 };
      await s3.stop();
      await at(tS3 + s3Down);
      await s3.start();
      s.endedAt = now();
      faults.push(s);

      await at(tPg);
      const p = { name: "postgres restarted", startedAt: now(), endedAt: 0 };
      await pg.restart();
      p.endedAt = now();
      faults.push(p);
    })();

    const deciding = runDecisions(decisions, { t0, spreadMs });
    const results: DeliveryResult[] = await runBurst(edge, deliveries, { parallel: S.parallel, t0, giveUpMs: 5 * 60_000, events });
    await injecting;
    const { failedAttempts: failedDecisionAttempts } = await deciding;
    const burstDoneAt = now();

    // Recovery: every email in a final state, the outbox drained, every reply sent, no job left.
    const { createRedis } = await import("@/lib/queue/connection");
    const { queueFactory } = await import("@/lib/queue/queues");
    const qconn = createRedis("worker");
    const queues = queueFactory(qconn);
    let drainedAt = -1;
    let last = "";
    try {
      const deadline = Date.now() + S.recoveryTimeoutSeconds * 1000;
      while (Date.now() < deadline) {
        const [inFlight, unpublished, queued, pendingWebhooks, intakeJobs, deliveryJobs] = await Promise.all([
          db.inboundEmail.count({ where: { status: { in: ["RECEIVED", "PROCESSING"] } } }),
          db.outboxMessage.count({ where: { publishedAt: null } }),
          db.outboundEmail.count({ where: { status: "QUEUED" } }),
          db.webhookDelivery.count({ where: { status: "PENDING" } }),
          queues.get("intake").getJobCounts("waiting", "active", "delayed", "prioritized"),
          queues.get("delivery").getJobCounts("waiting", "active", "delayed", "prioritized"),
        ]);
        const jobs = [...Object.values(intakeJobs), ...Object.values(deliveryJobs)].reduce((a, b) => a + b, 0);
        last = JSON.stringify({ inFlight, unpublished, queued, pendingWebhooks, intakeJobs, deliveryJobs });
        if (inFlight + unpublished + queued + pendingWebhooks + jobs === 0) {
          drainedAt = now();
          break;
        }
        await sleep(1_000);
      }
    } finally {
      await queues.close();
      qconn.disconnect();
    }
    expect(drainedAt, `not drained within ${S.recoveryTimeoutSeconds} s after the burst: ${last}`).toBeGreaterThan(0);

    const figures: Figures = await checkInvariants({
      emails,
      accounts,
      results,
      sinkMessageIds: sinkMessages(),
      decisions,
      receiver: receiver!,
    });

    // Recovery times: from a fault's end to the first accepted delivery, and to the first email processed.
    const processed = await db.inboundEmail.findMany({ where: { processedAt: { not: null } }, select: { id: true, processedAt: true } });
    const processedAt = processed.map((p) => ({ id: p.id, at: p.processedAt!.getTime() - t0 })).sort((a, b) => a.at - b.at);
    const recovery = faults.map((f) => {
      const edgeOk = events.find((e) => e.ok && e.at >= f.endedAt && (f.name !== "redis stopped" || e.route === "mime"));
      const firstProcessed = processedAt.find((p) => p.at >= f.endedAt);
      const victims = f.inHand ? processedAt.filter((p) => f.inHand!.includes(p.id)) : [];
      return {
        fault: f.name,
        from_s: +(f.startedAt / 1000).toFixed(1),
        to_s: +(f.endedAt / 1000).toFixed(1),
        edgeAcceptsAfter_s: edgeOk ? +((edgeOk.at - f.endedAt) / 1000).toFixed(1) : null,
        firstProcessedAfter_s: firstProcessed ? +((firstProcessed.at - f.endedAt) / 1000).toFixed(1) : null,
        ...(f.inHand ? { jobsInHand: f.inHand.length, inHandDoneAfterKill_s: victims.length ? +((Math.max(...victims.map((v) => v.at)) - f.startedAt) / 1000).toFixed(1) : null } : {}),
      };
    });
    const refusals: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.refusals)) refusals[k] = (refusals[k] ?? 0) + v;
    const report = {
      seed: S.seed,
      settings: { redisDownSeconds: S.redisDownSeconds, s3DownSeconds: S.s3DownSeconds, accounts: S.accounts, emailsPerAccount: S.emailsPerAccount, decisions: S.decisions },
      deliveries: results.length,
      uniqueEmails: emails.length,
      redeliveries: results.filter((r) => r.delivery.duplicate).length,
      retriedDeliveries: results.filter((r) => r.attempts > 1).length,
      refusedAttempts: refusals,
      maxAttempts: Math.max(...results.map((r) => r.attempts)),
      edgeRedisConnectionErrors: edgeRedisErrors,
      failedDecisionAttempts,
      burstDone_s: +(burstDoneAt / 1000).toFixed(1),
      drained_s: +(drainedAt / 1000).toFixed(1),
      drainedAfterLastFault_s: +((drainedAt - Math.max(...faults.map((f) => f.endedAt))) / 1000).toFixed(1),
      recovery,
      ...figures,
    };
    console.log(`FAULT SUITE REPORT ${JSON.stringify(report, null, 2)}`);
    expect(figures.problems).toEqual([]);
  });
});

