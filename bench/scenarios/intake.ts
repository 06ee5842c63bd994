// Email intake, edge and end to end, as deployed: the production build (`next start`) receives raw
// MIME webhooks over real HTTP, the outbox relay and the intake worker run as their own processes
// (as `npm run up` starts them), with a local S3 server and an SMTP sink of the run's own. Every
// email carries two ~5 MB phone-camera photos. Then the same stages are timed one by one in process
// to show where the time goes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { config } from "../../lib/config";
import type { Db } from "../../lib/db";
import { createRedis } from "../../lib/queue/connection";
import { aliveWorkers } from "../../lib/queue/heartbeat";
import { queueFactory } from "../../lib/queue/queues";
import { ensureBuckets, s3 } from "../../lib/storage";
import { makeAccount, seedSlaPolicies, storeInbound, type WorldAccount } from "../../tests/support/intake-world";
import { startSmtpSink } from "../../scripts/lib/smtp-sink";
import { UsageError } from "../lib/args";
import { summariseProfiles, type ProfileSummary } from "../lib/cpuprofile";
import { buildEmail, deliver, messageHead, MimePoster, base64Lines, writeBase64File, type Attachment, type OutgoingEmail } from "../lib/intake-mail";
import { ensurePhotos, PHOTO } from "../lib/intake-photos";
import { median, profileEdge, profileProcessing, StageClock, type StageTiming } from "../lib/intake-profile";
import { percentile, runLoad, sortedCopy, type LoadResult } from "../lib/load";
import { freePort, waitForPort } from "../lib/ports";
import { cpuUseCell, logTail, ProcessMonitor, startService, stopService, waitUntil, type CpuUse, type Service } from "../lib/processes";
import { clearRedisPrefix, staleBuild } from "../lib/load-services";
import { formatNumber } from "../lib/report";
import { defineScenario, type DetailTable, type Figure } from "../lib/types";

const MiB = 1024 * 1024;
const ms = (v: number) => formatNumber(v, v >= 100 ? 0 : 1);
const mib = (v: number | undefined) => (v === undefined ? "n/a" : `${formatNumber(v, 0)} MiB`);
const cores = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(2));
const sendersLabel = (n: number) => `${n} sender${n === 1 ? "" : "s"}`;

interface EdgeLevel {
  senders: number;
  load: LoadResult;
  bytes: number;
  cpu: CpuUse;
  webPeakMiB: number;
  s3PeakMiB: number;
  stored: number;
  sizeMismatches: number;
}

const EDGE_CPU: [string, string][] = [
  ["web", "web"],
  ["s3", "s3rver"],
  ["postgres", "PostgreSQL"],
  ["redis", "Redis"],
  ["bench", "bench (client)"],
  ["kernel", "kernel (irq, kthreads)"],
  ["steal", "steal"],
  ["other", "other processes"],
];
const E2E_CPU: [string, string][] = [
  ["intake", "intake worker"],
  ["web", "web"],
  ["s3", "s3rver"],
  ["postgres", "PostgreSQL"],
  ["relay", "relay"],
  ["redis", "Redis"],
  ["bench", "bench"],
  ["kernel", "kernel (irq, kthreads)"],
  ["steal", "steal"],
  ["other", "other processes"],
];

export default defineScenario({
  name: "intake",
  description:
    "email intake: raw MIME webhooks with two ~5 MB photos each POSTed over HTTP to the production build (next start); then end to end with the outbox relay and intake worker processes until every email is PROCESSED; then each stage timed in process",
  flags: {
    "edge-emails": "emails POSTed per edge concurrency level (default 200)",
    "edge-concurrency": "comma-separated numbers of concurrent senders at the edge (default 1,4,8)",
    "edge-warmup": "unmeasured emails POSTed first, at the highest level (default 10)",
    "edge-photos": "distinct photo pairs the edge emails cycle through (default 4; the edge does not look at them)",
    "e2e-emails": "emails for the end-to-end run, each with two photos of its own (default 100; 0 skips it)",
    "e2e-concurrency": "concurrent senders POSTing the end-to-end emails (default 4)",
    accounts: "customer accounts with a bound email and a pending device (default: one per end-to-end email)",
    profile: "emails timed stage by stage in process, for the edge and for processing (default 5; 0 skips)",
    timeout: "seconds to wait for every end-to-end email to be processed (default 900)",
    "cpu-prof": "switch: run the web server and workers with node --cpu-prof and summarise where their JavaScript time goes (profiling slows them: diagnose with --no-record)",
  },
  targets: [
    { figure: "edge.c8.throughput", op: ">=", value: 20, unit: "emails/s", why: "issue 4: the webhook edge accepts ≥ 20 emails/s with two 5 MB photos each (8 concurrent deliveries)." },
    { figure: "edge.c8.p99", op: "<=", value: 1000, unit: "ms", why: "issue 4: p99 < 1 s at the edge, so providers never time out and retry." },
    { figure: "edge.errors", op: "==", value: 0, unit: "", why: "every signed delivery must be accepted (200) and stored." },
    { figure: "e2e.throughput", op: ">=", value: 5, unit: "emails/s", why: "issue 4: ≥ 5 emails/s processed end to end on 2 cores (webhook → PROCESSED)." },
    { figure: "e2e.unprocessed", op: "==", value: 0, unit: "", why: "every email must end PROCESSED (none FAILED, stuck or unmatched)." },
  ],

  async run({ db, flags, log }) {
    const edgeEmails = flags.int("edge-emails", 200, 1);
    const levels = flags.intList("edge-concurrency", [1, 4, 8]);
    const warmup = flags.int("edge-warmup", 10);
    const edgePairs = flags.int("edge-photos", 4, 1);
    const e2eEmails = flags.int("e2e-emails", 100);
    const e2eSenders = flags.int("e2e-concurrency", 4, 1);
    const accountCount = flags.int("accounts", Math.max(1, e2eEmails), 1);
    const profileN = flags.int("profile", 5);
    const timeoutS = flags.int("timeout", 900, 10);
    const cpuProf = flags.bool("cpu-prof");

    if (!fs.existsSync(".next/BUILD_ID")) throw new UsageError("no production build (.next/BUILD_ID is missing): run `npm run build` first");
    const build = staleBuild();
    const runTag = Date.now().toString(36);

    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-intake-"));
    const s3Dir = path.join(runDir, "s3");
    const partsDir = path.join(runDir, "parts");
    fs.mkdirSync(partsDir);
    log(`run directory ${runDir} (service logs stay; S3 data and message parts are removed at the end)`);

    const webPort = await freePort();
    const s3Port = Number(new URL(config.S3_ENDPOINT).port);
    const smtpPort = Number(new URL(config.SMTP_URL).port);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env, // the children get the run's database, Redis prefix, S3 and SMTP
      NODE_ENV: "production",
      ALLOW_DEV_SECRETS: "true",
      HOST: "127.0.0.1",
      PORT: String(webPort),
      S3_LOCAL_DIR: s3Dir,
      LOG_LEVEL: "info",
    };
    const node = process.execPath;
    const monitor = new ProcessMonitor();
    const services: Service[] = [];
    const profileDir = (name: string) => path.join(runDir, "cpuprofile", name);
    const start = (name: string, command: string[]) => {
      // Every service is `node …`: the profiler flags go right after the executable (NODE_OPTIONS refuses them).
      const argv = cpuProf && name !== "s3" ? [command[0], "--cpu-prof", `--cpu-prof-dir=${profileDir(name)}`, ...command.slice(1)] : command;
      const s = startService(name, argv, { env: childEnv, logFile: path.join(runDir, `${name}.log`) });
      services.push(s);
      monitor.watch(name, s.pid);
      return s;
    };
    const stop = async (s: Service) => {
      const how = await stopService(s);
      services.splice(services.indexOf(s), 1);
      log(`${s.name} stopped (${how})`);
    };

    let acks = 0;
    let lastAckAt = 0;
    const sink = await startSmtpSink({
      port: smtpPort,
      keep: false,
      onMessage: () => {
        acks++;
        lastAckAt = performance.now();
      },
    });
    const redis = createRedis("worker");
    const queues = queueFactory(redis);
    const posters: MimePoster[] = [];

    try {
      // ---- services, data, photos --------------------------------------------------------
      log(`local S3 (s3rver) on 127.0.0.1:${s3Port}, SMTP sink on 127.0.0.1:${smtpPort}`);
      start("s3", [node, "--import", "tsx", "scripts/s3-server.ts"]);
      await waitForPort(s3Port, 30_000);
      await ensureBuckets();
      const cleared = await clearRedisPrefix(config.REDIS_PREFIX);
      if (cleared) log(`cleared ${cleared} key(s) under ${config.REDIS_PREFIX}: from an earlier run`);

      log(`creating ${accountCount} accounts (bound email, pending device, failed face check)`);
      await seedSlaPolicies();
      const accounts: WorldAccount[] = [];
      for (let i = 0; i < accountCount; i += 10) {
        accounts.push(...(await Promise.all(Array.from({ length: Math.min(10, accountCount - i) }, (_, k) => makeAccount({ email: `bench-${runTag}-${i + k}@mail.example.com` })))));
      }

      const edgeSeeds = Array.from({ length: 2 * edgePairs }, (_, k) => 1 + k);
      const e2eSeeds = Array.from({ length: 2 * e2eEmails }, (_, k) => 1001 + k);
      const profileSeeds = Array.from({ length: profileN > 0 ? 4 * (profileN + 1) : 0 }, (_, k) => 100_001 + k);
      const t0Photos = performance.now();
      const photos = await ensurePhotos([...edgeSeeds, ...e2eSeeds, ...profileSeeds], log);
      const photoFile = (seed: number) => photos.files[[...edgeSeeds, ...e2eSeeds, ...profileSeeds].indexOf(seed)];
      const photoSizes = photos.files.map((f) => fs.statSync(f).size);
      log(`photos ready in ${formatNumber((performance.now() - t0Photos) / 1000, 1)} s (${photos.generated} generated), mean ${formatNumber(photoSizes.reduce((a, b) => a + b, 0) / photoSizes.length / MiB, 2)} MiB`);

      const edgeParts = edgeSeeds.map((seed) => base64Lines(fs.readFileSync(photoFile(seed))));
      const partFile = (seed: number) => {
        const f = path.join(partsDir, `${seed}.b64`);
        if (!fs.existsSync(f)) writeBase64File(photoFile(seed), f);
        return f;
      };
      const secret = config.INBOUND_MIME_SECRET;
      const makeEmail = (label: string, i: number, account: WorldAccount, attachments: Attachment[]): OutgoingEmail => {
        const messageId = `bench-${runTag}-${label}-${i}@mail.example.com`;
        const head = messageHead({ from: { address: account.email, name: "Alex Example" }, to: config.MAIL_FROM_ADDRESS, subject: "ID photos for my new phone", messageId, date: new Date() });
        return buildEmail(head, messageId, attachments, secret);
      };
      const edgeEmail = (label: string, i: number) =>
        makeEmail(label, i, accounts[i % accounts.length], [
          { fileName: "id-front.jpg", base64: edgeParts[(2 * i) % edgeParts.length] },
          { fileName: "id-back.jpg", base64: edgeParts[(2 * i + 1) % edgeParts.length] },
        ]);
      /** Signatures are fresh for ±300 s: one signed long before it is sent is signed again. */
      const fresh = (e: OutgoingEmail, rebuild: () => OutgoingEmail) => (Date.now() / 1000 - e.signedAt > 240 ? rebuild() : e);

      // ---- edge --------------------------------------------------------------------------
      const web = start("web", [node, "node_modules/next/dist/bin/next", "start", "-p", String(webPort), "-H", "127.0.0.1"]);
      monitor.start(250);
      await waitUntil("the web server to answer /api/health", () => fetch(`http://127.0.0.1:${webPort}/api/health`).then((r) => r.status > 0), 90_000, web);
      log(`web server (next start) up on 127.0.0.1:${webPort}`);

      const maxLevel = Math.max(...levels);
      if (warmup > 0) {
        log(`warm-up: ${warmup} emails at ${maxLevel} senders`);
        const poster = new MimePoster(webPort, maxLevel);
        posters.push(poster);
        const emails = Array.from({ length: warmup }, (_, i) => edgeEmail("warmup", i));
        const w = await runLoad(warmup, maxLevel, async (i) => void (await deliver(poster, emails[i])));
        if (w.errors === warmup) throw new Error(`every warm-up delivery failed: ${w.firstError}\n${logTail(web)}`);
      }

      const edge: EdgeLevel[] = [];
      for (const senders of levels) {
        const emails = Array.from({ length: edgeEmails }, (_, i) => edgeEmail(`c${senders}`, i));
        const poster = new MimePoster(webPort, senders);
        posters.push(poster);
        const sent = new Map<string, number>(); // InboundEmail id → body length
        log(`edge: ${edgeEmails} emails (${formatNumber(emails[0].length / MiB, 1)} MiB each) with ${sendersLabel(senders)}`);
        monitor.takeWindowPeaks();
        const mark = monitor.mark();
        const load = await runLoad(edgeEmails, senders, async (i) => {
          const email = fresh(emails[i], () => (emails[i] = edgeEmail(`c${senders}-resigned`, i)));
          sent.set(await deliver(poster, email), email.length);
        });
        const cpu = monitor.since(mark);
        const peaks = monitor.takeWindowPeaks();
        const rows = await db.inboundEmail.findMany({ where: { id: { in: [...sent.keys()] } }, select: { id: true, rawSize: true } });
        const sizeMismatches = rows.filter((r) => r.rawSize !== sent.get(r.id)).length;
        const bytes = emails.reduce((s, e) => s + e.length, 0);
        edge.push({ senders, load, bytes, cpu, webPeakMiB: peaks.web ?? NaN, s3PeakMiB: peaks.s3 ?? NaN, stored: rows.length, sizeMismatches });
        log(
          `  ${formatNumber(load.throughput, 1)} emails/s, p50 ${ms(percentile(load.latenciesMs, 50))} ms, p99 ${ms(percentile(load.latenciesMs, 99))} ms, ` +
            `${load.errors} error(s)${load.firstError ? ` (${load.firstError})` : ""}; ${cpuUseCell(cpu, EDGE_CPU)}`,
        );
        poster.close();
      }

      // The edge's rows stay RECEIVED: their outbox rows are dropped before the relay starts, so the
      // worker sees only the end-to-end emails (their photos are all distinct; the edge's repeat).
      const dropped = await db.$executeRaw`DELETE FROM "OutboxMessage" WHERE "publishedAt" IS NULL AND "jobName" = 'intake.process'`;
      log(`dropped ${dropped} unpublished intake.process outbox row(s) of the edge phase`);

      // ---- end to end --------------------------------------------------------------------
      let e2e: Awaited<ReturnType<typeof runEndToEnd>> | undefined;
      if (e2eEmails > 0) {
        const relay = start("relay", [node, "--import", "tsx", "workers/outbox-relay.ts"]);
        const intake = start("intake", [node, "--import", "tsx", "workers/intake.ts"]);
        await waitUntil("the outbox relay and intake worker heartbeats", async () => {
          const alive = await aliveWorkers(redis);
          return alive["outbox-relay"] && alive.intake;
        }, 60_000, intake);
        log("outbox relay and intake worker up");
        log(`writing base64 parts of ${2 * e2eEmails} distinct photos`);
        const emails = Array.from({ length: e2eEmails }, (_, i) =>
          makeEmail("e2e", i, accounts[i % accounts.length], [
            { fileName: "id-front.jpg", base64: partFile(e2eSeeds[2 * i]) },
            { fileName: "id-back.jpg", base64: partFile(e2eSeeds[2 * i + 1]) },
          ]),
        );
        const poster = new MimePoster(webPort, e2eSenders);
        posters.push(poster);
        e2e = await runEndToEnd({ db, log, monitor, poster, emails, senders: e2eSenders, timeoutS, ackCount: () => ({ acks, lastAckAt }), intake, queues });
        poster.close();
        await stop(intake);
        await stop(relay);
      }
      await stop(web);
      monitor.stop();

      // ---- stage profile, in process -----------------------------------------------------
      const clock = new StageClock(monitor);
      if (profileN > 0) {
        log(`stage profile: ${profileN} emails through the edge functions, ${profileN} through the worker's, one at a time`);
        const edgeProfileEmails = Array.from({ length: profileN + 1 }, (_, i) =>
          makeEmail("profile-edge", i, accounts[i % accounts.length], [
            { fileName: "id-front.jpg", base64: partFile(profileSeeds[4 * i]) },
            { fileName: "id-back.jpg", base64: partFile(profileSeeds[4 * i + 1]) },
          ]),
        );
        clock.discard = true; // the first email of each half warms up (JIT, connections, query plans)
        await profileEdge(clock, edgeProfileEmails.slice(0, 1));
        clock.discard = false;
        await profileEdge(clock, edgeProfileEmails.slice(1));
        const ids: string[] = [];
        for (let i = 0; i <= profileN; i++) {
          const e = makeEmail("profile-worker", i, accounts[(e2eEmails + i) % accounts.length], [
            { fileName: "id-front.jpg", base64: partFile(profileSeeds[4 * i + 2]) },
            { fileName: "id-back.jpg", base64: partFile(profileSeeds[4 * i + 3]) },
          ]);
          ids.push(await storeInbound(Buffer.concat(e.chunks()), { messageId: e.messageId, outbox: false }));
        }
        clock.discard = true;
        await profileProcessing(clock, ids.slice(0, 1), db);
        clock.discard = false;
        await profileProcessing(clock, ids.slice(1), db);
      }

      const cpuProfiles = cpuProf
        ? ["web", "intake", "relay"].flatMap((name) => {
            const summary = summariseProfiles(profileDir(name));
            return summary ? [{ name, summary }] : [];
          })
        : [];
      return report({
        cpuProfiles,
        params: { edgeEmails, levels, warmup, edgePairs, e2eEmails, e2eSenders, accountCount, profileN, timeoutS },
        edge,
        e2e,
        clock,
        monitor,
        photoMiB: photoSizes.reduce((a, b) => a + b, 0) / photoSizes.length / MiB,
        photosGenerated: photos.generated,
        emailMiB: edgeEmail("size", 0).length / MiB,
        build,
        runDir,
      });
    } finally {
      for (const p of posters) p.close();
      for (const s of [...services].reverse()) await stopService(s).catch(() => undefined);
      await sink.close().catch(() => undefined);
      await queues.close().catch(() => undefined);
      redis.disconnect();
      s3.destroy();
      fs.rmSync(s3Dir, { recursive: true, force: true });
      fs.rmSync(partsDir, { recursive: true, force: true });
    }
  },
});

// ---- end to end ----------------------------------------------------------------------------

interface JobTimes {
  /** Outbox row committed (the InboundEmail's receivedAt) → job added to BullMQ by the relay. */
  relayMs: number[];
  /** Added → a worker slot took it. */
  waitMs: number[];
  /** Taken → finished (the whole handler: prepare + commit). */
  runMs: number[];
  retried: number;
  failed: number;
}

async function runEndToEnd(a: {
  db: Db;
  log: (m: string) => void;
  monitor: ProcessMonitor;
  poster: MimePoster;
  emails: OutgoingEmail[];
  senders: number;
  timeoutS: number;
  ackCount: () => { acks: number; lastAckAt: number };
  intake: Service;
  queues: ReturnType<typeof queueFactory>;
}) {
  const { db, log, monitor, poster, emails, senders } = a;
  const n = emails.length;
  const ids: string[] = new Array(n);
  const acks0 = a.ackCount().acks;
  log(`end to end: ${n} emails POSTed by ${sendersLabel(senders)}, then waiting until every one is processed`);
  monitor.takeWindowPeaks();
  const mark = monitor.mark();
  const t0 = performance.now();
  const t0Epoch = Date.now();
  let firstDone = NaN;
  let postsDoneAt = NaN;
  const posting = runLoad(n, senders, async (i) => {
    ids[i] = await deliver(poster, emails[i]);
  }).then((r) => {
    postsDoneAt = performance.now() - t0;
    return r;
  });

  const until = performance.now() + a.timeoutS * 1000;
  let counts: Record<string, number> = {};
  let doneAt = NaN;
  let lastLog = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const known = ids.filter(Boolean);
    if (known.length) {
      const rows = await db.inboundEmail.groupBy({ by: ["status"], where: { id: { in: known } }, _count: { _all: true } });
      counts = Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    }
    const final = (counts.PROCESSED ?? 0) + (counts.UNMATCHED ?? 0) + (counts.REJECTED ?? 0) + (counts.FAILED ?? 0);
    if (final > 0 && Number.isNaN(firstDone)) firstDone = performance.now() - t0;
    if (!Number.isNaN(postsDoneAt) && final >= known.length) {
      doneAt = performance.now() - t0;
      break;
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  ${formatNumber((performance.now() - t0) / 1000, 0)} s: ${known.length} accepted, ${counts.PROCESSED ?? 0} processed`);
    }
    if (a.intake.exitedEarly() !== undefined) throw new Error(`the intake worker exited (${a.intake.exitedEarly()}):\n${logTail(a.intake)}`);
    if (performance.now() > until) {
      log(`  timed out after ${a.timeoutS} s`);
      break;
    }
  }
  const post = await posting;
  const cpu = monitor.since(mark);
  const peaks = monitor.takeWindowPeaks();
  const processed = counts.PROCESSED ?? 0;
  log(`  ${processed} of ${n} processed in ${formatNumber(doneAt / 1000, 1)} s; waiting for the acknowledgements`);
  const expectedAcks = acks0 + processed;
  const ackUntil = Date.now() + 60_000;
  while (a.ackCount().acks < expectedAcks && Date.now() < ackUntil) await new Promise((r) => setTimeout(r, 100));
  const { acks, lastAckAt } = a.ackCount();

  // Per-job times from BullMQ (timestamps in ms since 1970).
  const known = new Set(ids.filter(Boolean));
  const mine = (j: { name: string; data: unknown } | undefined) => !!j && j.name === "intake.process" && known.has((j.data as { inboundEmailId: string }).inboundEmailId);
  const completed = (await a.queues.get("intake").getJobs(["completed"], 0, -1)).filter(mine);
  const failedJobs = (await a.queues.get("intake").getJobs(["failed"], 0, -1)).filter(mine);
  const jobs = [...completed, ...failedJobs];
  const received = new Map((await db.inboundEmail.findMany({ where: { id: { in: [...known] } }, select: { id: true, receivedAt: true } })).map((r) => [r.id, r.receivedAt.getTime()]));
  const times: JobTimes = { relayMs: [], waitMs: [], runMs: [], retried: completed.filter((j) => (j.stacktrace ?? []).length > 0).length, failed: failedJobs.length };
  let lastFinished = 0;
  for (const j of completed) {
    const id = (j.data as { inboundEmailId: string }).inboundEmailId;
    const rec = received.get(id);
    if (rec !== undefined) times.relayMs.push(j.timestamp - rec);
    if (j.processedOn) times.waitMs.push(j.processedOn - j.timestamp);
    if (j.processedOn && j.finishedOn) times.runMs.push(j.finishedOn - j.processedOn);
    lastFinished = Math.max(lastFinished, j.finishedOn ?? 0);
  }

  const [cases, reused, docs, outbound] = await Promise.all([
    db.reviewCase.count({ where: { emails: { some: { id: { in: [...known] } } } } }),
    db.reviewCase.count({ where: { emails: { some: { id: { in: [...known] } } }, riskFlags: { has: "REUSED_PHOTO" } } }),
    db.document.groupBy({ by: ["verdict"], where: { inboundEmailId: { in: [...known] } }, _count: { _all: true } }),
    db.outboundEmail.groupBy({ by: ["status"], where: { inReplyToId: { in: [...known] } }, _count: { _all: true } }),
  ]);
  return {
    n,
    post,
    postsDoneAt,
    firstDone,
    doneAt,
    lastFinishedAfterMs: lastFinished ? lastFinished - t0Epoch : NaN,
    counts,
    processed,
    acks: acks - acks0,
    ackDoneAt: acks > acks0 ? lastAckAt - t0 : NaN,
    cpu,
    peaks,
    times,
    jobsFound: jobs.length,
    cases,
    reused,
    documents: Object.fromEntries(docs.map((d) => [d.verdict, d._count._all])) as Record<string, number>,
    outbound: Object.fromEntries(outbound.map((o) => [o.status, o._count._all])) as Record<string, number>,
  };
}

// ---- report --------------------------------------------------------------------------------

function report(r: {
  cpuProfiles: { name: string; summary: ProfileSummary }[];
  params: { edgeEmails: number; levels: number[]; warmup: number; edgePairs: number; e2eEmails: number; e2eSenders: number; accountCount: number; profileN: number; timeoutS: number };
  edge: EdgeLevel[];
  e2e: Awaited<ReturnType<typeof runEndToEnd>> | undefined;
  clock: StageClock;
  monitor: ProcessMonitor;
  photoMiB: number;
  photosGenerated: number;
  emailMiB: number;
  build: { builtAt: Date; newer: string[] };
  runDir: string;
}) {
  const { edge, e2e, clock, monitor, params: p } = r;
  const figures: Figure[] = [];
  for (const { senders, load } of edge) {
    const who = sendersLabel(senders);
    figures.push(
      { key: `edge.c${senders}.throughput`, label: `Edge, ${who}: accepted`, value: load.throughput, unit: "emails/s", digits: 1 },
      { key: `edge.c${senders}.p50`, label: `Edge, ${who}: latency p50`, value: percentile(load.latenciesMs, 50), unit: "ms", digits: 0 },
      { key: `edge.c${senders}.p95`, label: `Edge, ${who}: latency p95`, value: percentile(load.latenciesMs, 95), unit: "ms", digits: 0 },
      { key: `edge.c${senders}.p99`, label: `Edge, ${who}: latency p99`, value: percentile(load.latenciesMs, 99), unit: "ms", digits: 0 },
    );
  }
  const edgeErrors = edge.reduce((s, l) => s + l.load.errors + l.sizeMismatches + (l.load.ops - l.stored), 0);
  const firstError = edge.find((l) => l.load.firstError)?.load.firstError;
  figures.push({ key: "edge.errors", label: "Edge: failed deliveries (non-200, wrong stored size, missing row)", value: edgeErrors, unit: "", digits: 0, display: firstError ? `${edgeErrors} (${firstError})` : undefined });

  if (e2e) {
    const durS = e2e.doneAt / 1000;
    figures.push(
      { key: "e2e.throughput", label: "End to end: processed (first POST → last PROCESSED)", value: e2e.processed / durS, unit: "emails/s", digits: 2 },
      { key: "e2e.duration", label: "End to end: duration", value: durS, unit: "s", digits: 1 },
      { key: "e2e.processed", label: "End to end: emails PROCESSED", value: e2e.processed, unit: "", digits: 0, display: `${e2e.processed} of ${e2e.n}` },
      { key: "e2e.unprocessed", label: "End to end: emails not PROCESSED", value: e2e.n - e2e.processed, unit: "", digits: 0, display: e2e.n - e2e.processed ? `${e2e.n - e2e.processed} (${JSON.stringify(e2e.counts)})` : "0" },
      { key: "e2e.job.p50", label: "End to end: intake.process job run time p50", value: median(e2e.times.runMs), unit: "ms", digits: 0 },
      { key: "e2e.job.p95", label: "End to end: intake.process job run time p95", value: percentile(sortedCopy(e2e.times.runMs), 95), unit: "ms", digits: 0 },
      { key: "e2e.acks", label: "End to end: acknowledgements received by the SMTP sink", value: e2e.acks, unit: "", digits: 0, display: `${e2e.acks} (last ${formatNumber(e2e.ackDoneAt / 1000, 1)} s after the first POST)` },
    );
  }
  const web = monitor.peak("web");
  const intake = monitor.peak("intake");
  const relay = monitor.peak("relay");
  const s3p = monitor.peak("s3");
  const peakOf = (x: typeof web) => (x ? Math.max(x.hwmMiB, x.sampledMiB) : NaN);
  figures.push({ key: "rss.web", label: "Peak RSS, web server (next start), whole run", value: peakOf(web), unit: "MiB", digits: 0 });
  if (intake) figures.push({ key: "rss.intake", label: "Peak RSS, intake worker", value: peakOf(intake), unit: "MiB", digits: 0 });
  if (relay) figures.push({ key: "rss.relay", label: "Peak RSS, outbox relay", value: peakOf(relay), unit: "MiB", digits: 0 });
  if (s3p) figures.push({ key: "rss.s3", label: "Peak RSS, local S3 server (s3rver)", value: peakOf(s3p), unit: "MiB", digits: 0 });

  const tables: DetailTable[] = [];
  tables.push({
    title: "Edge, per concurrency level (latency in ms, from the sender's side: upload of the whole body included)",
    columns: ["Senders", "Emails", "Errors", "Duration s", "Emails/s", "MiB/s in", "p50", "p95", "p99", "max", "web RSS peak", "CPU used, in cores", "CPU ms per email: web · s3rver · PostgreSQL"],
    rows: edge.map(({ senders, load, bytes, cpu, webPeakMiB }) => {
      const perEmail = (c: number | undefined) => ms(((c ?? 0) * load.durationMs) / Math.max(1, load.ops));
      return [
        String(senders),
        formatNumber(load.ops, 0),
        String(load.errors),
        formatNumber(load.durationMs / 1000, 1),
        formatNumber(load.throughput, 1),
        formatNumber(bytes / MiB / (load.durationMs / 1000), 0),
        ms(percentile(load.latenciesMs, 50)),
        ms(percentile(load.latenciesMs, 95)),
        ms(percentile(load.latenciesMs, 99)),
        ms(percentile(load.latenciesMs, 100)),
        mib(webPeakMiB),
        cpuUseCell(cpu, EDGE_CPU),
        `${perEmail(cpu.groups.web)} · ${perEmail(cpu.groups.s3)} · ${perEmail(cpu.groups.postgres)}`,
      ];
    }),
  });
  if (e2e) {
    const t = e2e.times;
    const q = (xs: number[], pct: number) => ms(percentile(sortedCopy(xs), pct));
    tables.push({
      title: "End to end (times in s after the first POST; job times in ms, from BullMQ's timestamps)",
      columns: ["What", "Value"],
      rows: [
        ["Emails POSTed / accepted", `${e2e.n} / ${e2e.post.ops} (${e2e.post.errors} refused${e2e.post.firstError ? `: ${e2e.post.firstError}` : ""})`],
        ["All POSTs answered", `${formatNumber(e2e.postsDoneAt / 1000, 1)} s (${formatNumber(e2e.post.throughput, 1)} emails/s while the worker ran; POST p50 ${ms(percentile(e2e.post.latenciesMs, 50))} ms, p99 ${ms(percentile(e2e.post.latenciesMs, 99))} ms)`],
        ["First email processed", `${formatNumber(e2e.firstDone / 1000, 1)} s`],
        ["Last email processed (seen by polling / BullMQ finishedOn)", `${formatNumber(e2e.doneAt / 1000, 1)} s / ${formatNumber(e2e.lastFinishedAfterMs / 1000, 1)} s`],
        ["Worker rate from the first to the last email processed", `${formatNumber((e2e.processed - 1) / ((e2e.doneAt - e2e.firstDone) / 1000), 2)} emails/s`],
        ["Statuses", JSON.stringify(e2e.counts)],
        ["Cases opened / with REUSED_PHOTO", `${e2e.cases} / ${e2e.reused}`],
        ["Documents by verdict", JSON.stringify(e2e.documents)],
        ["Acknowledgements (OutboundEmail by status) / received by the sink", `${JSON.stringify(e2e.outbound)} / ${e2e.acks}`],
        ["intake.process jobs found / retried / failed", `${e2e.jobsFound} / ${t.retried} / ${t.failed}`],
        ["Outbox commit → job queued (relay), p50 / p95", `${q(t.relayMs, 50)} / ${q(t.relayMs, 95)}`],
        ["Queued → taken by a worker slot, p50 / p95 / max", `${q(t.waitMs, 50)} / ${q(t.waitMs, 95)} / ${q(t.waitMs, 100)}`],
        ["Job run time (2 slots in parallel), p50 / p95 / max", `${q(t.runMs, 50)} / ${q(t.runMs, 95)} / ${q(t.runMs, 100)}`],
        ["CPU used over the run, in cores", cpuUseCell(e2e.cpu, E2E_CPU)],
        ["CPU ms per processed email: worker · web · s3rver · PostgreSQL", [e2e.cpu.groups.intake, e2e.cpu.groups.web, e2e.cpu.groups.s3, e2e.cpu.groups.postgres].map((c) => ms(((c ?? 0) * e2e.doneAt) / Math.max(1, e2e.processed))).join(" · ")],
        ["Peak RSS sampled during the run: worker · web · s3rver · relay", [e2e.peaks.intake, e2e.peaks.web, e2e.peaks.s3, e2e.peaks.relay].map(mib).join(" · ")],
      ],
    });
  }
  const stages = [...clock.stages.values()];
  if (stages.length) {
    const row = (s: StageTiming) => [
      s.stage,
      s.what,
      String(s.wallMs.length),
      ms(median(s.wallMs)),
      ms(median(s.cpuMs)),
      ms(median(s.s3CpuMs)),
      ms(median(s.pgCpuMs)),
    ];
    const edgeStages = stages.filter((s) => s.stage.startsWith("edge:"));
    const workStages = stages.filter((s) => !s.stage.startsWith("edge:"));
    const sum = (xs: StageTiming[], pick: (s: StageTiming) => number[]) => xs.filter((s) => s.inSum).reduce((a, s) => a + median(pick(s)), 0);
    const total = (xs: StageTiming[]): string[] => ["**sum of the stages**", "", "", ms(sum(xs, (s) => s.wallMs)), ms(sum(xs, (s) => s.cpuMs)), ms(sum(xs, (s) => s.s3CpuMs)), ms(sum(xs, (s) => s.pgCpuMs))];
    const cols = ["Stage", "What", "Runs", "Wall ms (median)", "bench CPU ms (all threads)", "s3rver CPU ms", "PostgreSQL CPU ms"];
    if (edgeStages.length) tables.push({ title: "Where an edge delivery's time goes (in process, one at a time, medians)", columns: cols, rows: [...edgeStages.map(row), total(edgeStages)] });
    if (workStages.length) tables.push({ title: "Where processing time goes (in process, one email at a time, medians; indented rows are per photo, a breakdown of vetting)", columns: cols, rows: [...workStages.map(row), total(workStages)] });
  }

  for (const { name, summary } of r.cpuProfiles) {
    const pct = (v: number) => `${formatNumber((100 * v) / summary.busyMs, 0)}%`;
    tables.push({
      title: `V8 CPU profile of the ${name} process (--cpu-prof): its JavaScript thread was busy ${formatNumber(summary.busyMs / 1000, 1)} s of ${formatNumber(summary.spanMs / 1000, 1)} s (GC ${pct(summary.gcMs)}); self time`,
      columns: ["Package / code", "Self ms", "Share", "Function", "Self ms", "Share"],
      rows: Array.from({ length: Math.max(summary.byPackage.length, summary.byFunction.length) }, (_, i) => {
        const a = summary.byPackage[i];
        const b = summary.byFunction[i];
        return [a?.[0] ?? "", a ? ms(a[1]) : "", a ? pct(a[1]) : "", b?.[0] ?? "", b ? ms(b[1]) : "", b ? pct(b[1]) : ""];
      }),
    });
  }

  return {
    dataSize:
      `${formatNumber(p.accountCount, 0)} accounts; ${formatNumber(edge.reduce((s, l) => s + l.load.ops, 0) + p.warmup, 0)} edge emails (${p.warmup} warm-up) of ${formatNumber(r.emailMiB, 1)} MiB, ` +
      `two ${PHOTO.width}×${PHOTO.height} JPEGs of ${formatNumber(r.photoMiB, 2)} MiB mean each (${2 * p.edgePairs} distinct photos at the edge)` +
      (e2e ? `; ${e2e.n} end-to-end emails with ${2 * e2e.n} distinct photos` : "") +
      (p.profileN ? `; ${p.profileN} + ${p.profileN} emails in the stage profile` : ""),
    params: {
      "edge-emails": p.edgeEmails,
      "edge-concurrency": p.levels.join(","),
      "edge-warmup": p.warmup,
      "edge-photos": p.edgePairs,
      "e2e-emails": p.e2eEmails,
      "e2e-concurrency": p.e2eSenders,
      accounts: p.accountCount,
      profile: p.profileN,
      "intake worker concurrency": "2 (workers/intake.ts)",
      ...(r.cpuProfiles.length ? { "cpu-prof": "on (profiling overhead included)" } : {}),
    },
    figures,
    tables,
    notes: notes(r),
  };
}

function notes(r: Parameters<typeof report>[0]): string[] {
  const { edge, e2e, clock, build } = r;
  const out: string[] = [];
  const stage = (name: string) => clock.stages.get(name);
  const med = (name: string, pick: (s: StageTiming) => number[] = (s) => s.wallMs) => {
    const s = stage(name);
    return s ? median(pick(s)) : NaN;
  };

  const best = edge.reduce((a, b) => (b.load.throughput > a.load.throughput ? b : a), edge[0]);
  if (best) {
    const per = (c: number | undefined) => ((c ?? 0) * best.load.durationMs) / Math.max(1, best.load.ops);
    const webMs = per(best.cpu.groups.web);
    const s3Ms = per(best.cpu.groups.s3);
    const pgMs = per(best.cpu.groups.postgres);
    const benchMs = per(best.cpu.bench);
    const serviceMs = webMs + s3Ms + pgMs + per(best.cpu.groups.redis);
    out.push(
      `Edge: best ${formatNumber(best.load.throughput, 1)} emails/s (${formatNumber(best.bytes / MiB / (best.load.durationMs / 1000), 0)} MiB/s of request bodies) with ${sendersLabel(best.senders)}. ` +
        `Each ${formatNumber(r.emailMiB, 1)} MiB delivery cost ${ms(webMs)} ms of web-server CPU, ${ms(s3Ms)} ms of s3rver CPU and ${ms(pgMs)} ms of PostgreSQL CPU (${ms(benchMs)} ms more in the load generator, which shares the machine), ` +
        `so on ${best.cpu.cores} cores the service side alone is capped near ${formatNumber((best.cpu.cores * 1000) / Math.max(1, serviceMs), 1)} emails/s; ` +
        `the machine was ${best.cpu.machine >= 0.9 * best.cpu.cores ? "saturated" : `${formatNumber((100 * best.cpu.machine) / best.cpu.cores, 0)}% busy`} at that level. ` +
        `Without the local S3 server on the same cores (S3 proper is elsewhere), the web server is the limit: one \`next start\` process runs this work on its one JavaScript thread ` +
        `(hashing, stream and Buffer handling, GC; --cpu-prof shows it), so ${ms(webMs)} ms per email caps one process near ${formatNumber(1000 / Math.max(1, webMs), 1)} emails/s however many cores it has; ` +
        `${formatNumber(20, 0)}/s needs ≤ 50 ms per email or more than one web process.`,
    );
    const rb = med("edge: read body");
    const au = med("edge: authenticate");
    const put = med("edge: S3 put raw");
    const tx = med("edge: DB transaction");
    if (Number.isFinite(put)) {
      const c1 = edge.find((l) => l.senders === 1);
      const inproc = rb + au + med("edge: duplicate check") + put + tx;
      const inprocCpu = ["edge: read body", "edge: authenticate", "edge: duplicate check", "edge: S3 put raw", "edge: DB transaction"].reduce((sum, n) => sum + med(n, (x) => x.cpuMs), 0);
      const webCpu1 = c1 ? ((c1.cpu.groups.web ?? 0) * c1.load.durationMs) / Math.max(1, c1.load.ops) : NaN;
      out.push(
        `Edge stages in process (medians): read body ${ms(rb)} ms, HMAC + checks + replay claim ${ms(au)} ms, S3 PUT of the raw body ${ms(put)} ms (s3rver CPU ${ms(med("edge: S3 put raw", (s) => s.s3CpuMs))} ms), ` +
          `the InboundEmail + outbox + audit transaction ${ms(tx)} ms: ${ms(inproc)} ms in all` +
          (c1 ? `, against ${ms(percentile(c1.load.latenciesMs, 50))} ms p50 over HTTP with one sender (the rest is the upload through the socket and Next's request adapter).` : ".") +
          (c1
            ? ` In CPU, the edge's own functions cost ${ms(inprocCpu)} ms per email in process (three SHA-256 passes over the 14 MiB body among them: the HMAC, putBytes' rawSha256 and the AWS SDK's payload hash for SigV4), ` +
              `while the web server spent ${ms(webCpu1)} ms per email with one sender: the other ~${ms(Math.max(0, webCpu1 - inprocCpu))} ms is Next's request handling (the body as a web stream, chunk by chunk) and the garbage of the copies.`
            : ""),
      );
    }
  }

  if (e2e) {
    const durS = e2e.doneAt / 1000;
    const rate = e2e.processed / durS;
    const run = median(e2e.times.runMs);
    const workerCores = e2e.cpu.groups.intake ?? NaN;
    const workerMsPerEmail = (workerCores * e2e.doneAt) / Math.max(1, e2e.processed);
    const perEmail = (c: number | undefined) => ((c ?? 0) * e2e.doneAt) / Math.max(1, e2e.processed);
    const all = ["intake", "web", "s3", "postgres", "relay", "redis"].reduce((sum, g) => sum + perEmail(e2e.cpu.groups[g]), 0) + perEmail(e2e.cpu.kernel);
    out.push(
      `End to end: ${formatNumber(rate, 2)} emails/s. The edge accepted the ${e2e.n} emails in ${formatNumber(e2e.postsDoneAt / 1000, 1)} s; the rest is the intake worker: ` +
        `2 job slots (workers/intake.ts, concurrency 2) each taking ${ms(run)} ms per email (p50), so at most ~${formatNumber(2000 / Math.max(1, run), 2)} emails/s. ` +
        `The worker used ${cores(workerCores)} cores on average (${ms(workerMsPerEmail)} ms of CPU per email) and the machine was ${formatNumber((100 * e2e.cpu.machine) / e2e.cpu.cores, 0)}% busy: ` +
        (e2e.cpu.machine >= 0.8 * e2e.cpu.cores
          ? `${e2e.cpu.machine >= 0.95 * e2e.cpu.cores ? "saturated" : "close to saturated"}, so more job slots would only share the same ${e2e.cpu.cores} cores; only less CPU per email raises the rate.`
          : `not CPU-bound overall, so part of each job is waiting (S3, database) rather than computing.`) +
        ` Every process together spent ${ms(all)} ms of CPU per processed email (worker ${ms(workerMsPerEmail)}, web ${ms(perEmail(e2e.cpu.groups.web))}, s3rver ${ms(perEmail(e2e.cpu.groups.s3))}, ` +
        `PostgreSQL ${ms(perEmail(e2e.cpu.groups.postgres))}, kernel ${ms(perEmail(e2e.cpu.kernel))}): ${e2e.cpu.cores} cores cannot do more than ~${formatNumber((e2e.cpu.cores * 1000) / Math.max(1, all), 2)} emails/s of that, ` +
        `and 5/s needs ≤ ${formatNumber((e2e.cpu.cores * 1000) / 5, 0)} ms per email.`,
    );
    const vet = med("vet attachments (sharp)");
    if (Number.isFinite(vet)) {
      const parse = med("parse (mailparser)");
      const get = med("S3 get raw");
      const put = med("S3 put documents");
      const reuse = med("reuse candidates");
      const commit = med("DB transaction (commit)");
      const norm = med("  · normalizeImage");
      const dh = med("  · of which dHash");
      const decode = med("  · full-size decode alone");
      const sumWall = [get, parse, vet, put, reuse, commit].reduce((a, b) => a + b, 0);
      const cpuOf = (n: string) => med(n, (s) => s.cpuMs);
      const biggest = [
        ["vetting (sharp)", vet],
        ["parsing (mailparser)", parse],
        ["S3 writes", put],
        ["S3 read", get],
        ["the commit transaction", commit],
        ["reuse lookup", reuse],
      ].sort((a, b) => (b[1] as number) - (a[1] as number));
      out.push(
        `Processing stages in process, one email at a time (medians, wall / CPU ms): S3 get raw ${ms(get)} / ${ms(cpuOf("S3 get raw"))}, mailparser ${ms(parse)} / ${ms(cpuOf("parse (mailparser)"))}, ` +
          `vetting both photos ${ms(vet)} / ${ms(cpuOf("vet attachments (sharp)"))} (normalizeImage ${ms(norm)} ms per photo, of which decoding the 12 MP JPEG alone takes ~${ms(decode)} ms and dHash ${ms(dh)} ms), S3 writes ${ms(put)} / ${ms(cpuOf("S3 put documents"))}, ` +
          `reuse lookup ${ms(reuse)}, commit transaction ${ms(commit)} / ${ms(cpuOf("DB transaction (commit)"))}: ${ms(sumWall)} ms per email in all. ` +
          `Largest: ${biggest.slice(0, 3).map(([n, v]) => `${n} ${formatNumber((100 * (v as number)) / sumWall, 0)}%`).join(", ")}.`,
      );
    }
    if (e2e.reused > 0) out.push(`${e2e.reused} case(s) got REUSED_PHOTO although every end-to-end photo is distinct: reuse detection matched different photos.`);
  }

  const uses = [...edge.map((l) => l.cpu), ...(e2e ? [e2e.cpu] : [])];
  if (uses.length) {
    const most = (pick: (u: CpuUse) => number) => Math.max(...uses.map(pick).filter(Number.isFinite));
    const [other, kernel, steal] = [most((u) => u.other), most((u) => u.kernel), most((u) => u.steal)];
    out.push(
      `Outside the processes measured, other processes on the machine used up to ${formatNumber(other, 2)} cores during a measurement, the kernel ` +
        `(interrupts for the loopback traffic and disk writes, kernel threads) up to ${formatNumber(kernel, 2)} and hypervisor steal up to ${formatNumber(steal, 2)}` +
        (other + steal >= 0.25 ? `: CPU taken from the services measured on ${os.cpus().length} cores, so these figures are pessimistic.` : "."),
    );
  }
  out.push(
    `The load generator runs on the same ${os.cpus().length} cores (its share is the "bench" column): it streams prebuilt, presigned bodies, so its cost per email is the socket writes. ` +
      `The photos are synthetic (${PHOTO.width}×${PHOTO.height}, sensor-like noise, JPEG q${PHOTO.quality}) and decode like camera photos; the edge reuses ${2 * r.params.edgePairs} of them, which it never looks at.`,
  );
  out.push(
    `The web server runs the existing production build (.next, built ${build.builtAt.toISOString().slice(0, 16).replace("T", " ")} UTC)` +
      (build.newer.length ? `; ${build.newer.length} source file(s) are newer than it (e.g. ${build.newer.slice(0, 3).join(", ")}), so the edge ran the code as of the build while the workers ran the current sources.` : ", which is up to date with the sources.") +
      ` Service logs: ${r.runDir}.`,
  );
  return out;
}
