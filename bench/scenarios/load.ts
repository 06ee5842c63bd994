// Load (issue 8): thousands of inbound emails — redeliveries and customers' replies mixed in —
// through the edge (`next start`, raw MIME over HTTP) and the workers (outbox relay, intake +
// delivery) while 50 agents claim and decide concurrently; outbound emails go to an SMTP sink and
// webhooks to a receiver that counts each id. Then the fault suite's invariants and the load's own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { config } from "../../lib/config";
import { createRedis } from "../../lib/queue/connection";
import { queueFactory } from "../../lib/queue/queues";
import { s3 } from "../../lib/storage";
import { makeAccount, seedSlaPolicies } from "../../tests/support/intake-world";
import { UsageError } from "../lib/args";
import { MimePoster } from "../lib/intake-mail";
import { ensurePhotos, PHOTO } from "../lib/intake-photos";
import { startAgents, type AgentsResult } from "../lib/load-agents";
import { checkLoad } from "../lib/load-invariants";
import { LoadSender, type LoadAccount, type SendResult } from "../lib/load-mail";
import { ensureSmallPhotos, SMALL_PHOTO, smallPhotoFile } from "../lib/load-photos";
import { loadReport, type Timeline } from "../lib/load-report";
import { staleBuild, startStack, type Stack } from "../lib/load-services";
import { formatNumber } from "../lib/report";
import { defineScenario } from "../lib/types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function share(flags: { str(n: string): string | undefined }, name: string, fallback: number): number {
  const raw = flags.str(name);
  if (raw === undefined) return fallback;
  const v = Number(raw.replace(/%$/, ""));
  if (!Number.isFinite(v) || v < 0 || v > 50) throw new UsageError(`--${name} is a percentage from 0 to 50, got ${JSON.stringify(raw)}`);
  return v / 100;
}

export default defineScenario({
  name: "load",
  description:
    "inbound emails with redeliveries and customers' replies mixed in, POSTed as raw MIME to the production build (next start), processed by the outbox relay and intake worker processes, while agents (a process of their own) claim and decide concurrently; outbound emails to an SMTP sink, webhooks to a receiver; then the invariants",
  flags: {
    emails: "deliveries to the edge in all, redeliveries and replies included (default 10000)",
    agents: "agents claiming and deciding concurrently (default 50)",
    rate: "deliveries per second offered to the edge (default 0: as fast as the senders go)",
    senders: "concurrent deliveries to the edge (default 8)",
    photo: "small (default: 1200×760 JPEGs of ~150 KB, a document-scan photo) or phone (4000×3000, ~5 MB: CPU-bound at ~1 email/s on 2 cores, see the intake bench)",
    "duplicate-share": "percentage of deliveries that redeliver an earlier email (same Message-ID, same bytes, signed afresh; default 10)",
    "reply-share": "percentage of deliveries that are a customer's reply, with new photos, to a resubmission request (default 10)",
    mix: "the agents' decisions in percent: approve,reject,resubmission (default 55,15,30)",
    think: "ms an agent looks at a case before deciding (default 0: as fast as the system lets them)",
    "idle-ms": "ms an agent waits before trying claim-next again when the queue is empty (default 1000)",
    timeout: "seconds the whole load may take before the agents are stopped and the run is reported incomplete (default 3600)",
    seed: "seed of the decisions and the redelivery picks (default 8)",
  },
  targets: [
    { figure: "inv.lost", op: "==", value: 0, unit: "", why: "issue 8: every accepted email has exactly one InboundEmail and its case." },
    { figure: "inv.duplicateCases", op: "==", value: 0, unit: "", why: "issue 8: no duplicate case (redeliveries and replies included)." },
    { figure: "inv.missingAttachments", op: "==", value: 0, unit: "", why: "issue 8: no attachment missing." },
    { figure: "inv.decidedTwice", op: "==", value: 0, unit: "", why: "a case reaches a final decision (approved, rejected) once." },
    { figure: "inv.doubleClaims", op: "==", value: 0, unit: "", why: "issue 6: never the same case to two agents." },
    { figure: "inv.sideEffects", op: "==", value: 0, unit: "", why: "issue 8: every outbound email and webhook goes out, none duplicated beyond at-least-once (receivers dedupe by id)." },
    { figure: "inv.problems", op: "==", value: 0, unit: "", why: "the fault suite's invariants (tests/faults/support/invariants.ts) on the load's emails." },
  ],

  async run({ db, flags, log }) {
    const total = flags.int("emails", 10_000, 10);
    const agentCount = flags.int("agents", 50, 1);
    const rate = flags.int("rate", 0);
    const senders = flags.int("senders", 8, 1);
    const photo = flags.str("photo", "small");
    if (photo !== "small" && photo !== "phone") throw new UsageError(`--photo is small or phone, got ${JSON.stringify(photo)}`);
    const dupShare = share(flags, "duplicate-share", 0.1);
    const replyShare = share(flags, "reply-share", 0.1);
    const mix = flags.intList("mix", [55, 15, 30], 0);
    if (mix.length !== 3 || mix.reduce((a, b) => a + b, 0) !== 100) throw new UsageError("--mix is approve,reject,resubmission percentages adding up to 100");
    const thinkMs = flags.int("think", 0);
    const idleMs = flags.int("idle-ms", 1000, 10);
    const timeoutS = flags.int("timeout", 3600, 30);
    const seed = flags.int("seed", 8);
    const duplicates = Math.round(total * dupShare);
    const replies = Math.round(total * replyShare);
    const firsts = total - duplicates - replies;
    if (!fs.existsSync(".next/BUILD_ID")) throw new UsageError("no production build (.next/BUILD_ID is missing): run `npm run build` first");
    const build = staleBuild();

    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-load-"));
    log(`run directory ${runDir} (service logs stay; S3 data is removed at the end)`);

    // ---- photos and data (not measured) ----------------------------------------------------
    const photoCount = 2 * (firsts + replies);
    let photoFile = smallPhotoFile;
    if (photo === "small") await ensureSmallPhotos(photoCount, log);
    else {
      const { files } = await ensurePhotos(Array.from({ length: photoCount }, (_, i) => 500_001 + i), log);
      photoFile = (s: number) => files[s - 1];
    }
    const photoBytes = [1, 2, 3, 4].map((s) => fs.statSync(photoFile(s)).size);
    const runTag = Date.now().toString(36);
    log(`creating ${firsts} accounts (bound email, pending device, failed face check) and ${agentCount} agents`);
    await seedSlaPolicies();
    const accounts: LoadAccount[] = [];
    for (let i = 0; i < firsts; i += 20) {
      const batch = await Promise.all(Array.from({ length: Math.min(20, firsts - i) }, (_, k) => makeAccount({ email: `load-${runTag}-${i + k}@mail.example.com` })));
      accounts.push(...batch.map((a) => ({ id: a.id, email: a.email, pendingDeviceId: a.pendingDeviceId })));
    }
    await db.staffUser.createMany({ data: Array.from({ length: agentCount }, (_, i) => ({ email: `load-agent-${i}@gatehouse.test`, name: `Load Agent ${i}`, role: "AGENT" as const })) });
    const agentIds = (await db.staffUser.findMany({ where: { email: { startsWith: "load-agent-" } }, orderBy: { email: "asc" }, select: { id: true } })).map((s) => s.id);

    // ---- services ----------------------------------------------------------------------------
    let sender: LoadSender | undefined;
    const stack: Stack = await startStack({
      runDir,
      log,
      onMail: (m, to) => {
        if ((m.subject ?? "").startsWith("Please send your ID photos again")) {
          const refs = typeof m.references === "string" ? [m.references] : (m.references ?? []);
          const bare = (s: string) => s.replace(/^<|>$/g, "");
          sender?.offerReply({ to, replyTo: m.replyTo?.value[0]?.address ?? null, messageId: bare(m.messageId ?? ""), subject: m.subject ?? "", references: refs.map(bare) });
        }
      },
    });
    const redis = createRedis("worker");
    const queues = queueFactory(redis);
    const poster = new MimePoster(stack.webPort, senders);
    let agents: ReturnType<typeof startAgents> | undefined;
    try {
      await db.webhookEndpoint.create({ data: { name: "identity service (load receiver)", url: stack.receiver.url, secret: stack.webhookSecret, events: ["case.decided", "device.authorized", "device.revoked"] } });
      let r = 1;
      const random = () => ((r = (Math.imul(r ^ (r >>> 15), 2246822507) + seed * 7919 + 1) >>> 0) / 4294967296);
      sender = new LoadSender({ poster, senders, rate, secret: config.INBOUND_MIME_SECRET, to: config.MAIL_FROM_ADDRESS, accounts, duplicates, replies, photoFile, random, replyIdleMs: 120_000, log });
      agents = startAgents({ agentIds, mix: mix as [number, number, number], thinkMs, idleMs, seed }, { env: stack.env, logFile: path.join(runDir, "agents.log") });
      stack.monitor.watch("agents", agents.pid);
      await sleep(3_000); // the agents' process loads lib/ and connects

      // ---- the load ----------------------------------------------------------------------------
      log(`load: ${total} deliveries (${firsts} first emails, ${duplicates} redeliveries, up to ${replies} replies) by ${senders} senders${rate ? ` at ${rate}/s` : ""}; ${agentCount} agents`);
      stack.monitor.takeWindowPeaks();
      const mark = stack.monitor.mark();
      const t0 = performance.now();
      const t0Epoch = Date.now();
      let sent: SendResult | undefined;
      const sending = sender.run().then((s) => (sent = s));
      const deadline = t0 + timeoutS * 1000;
      let intakeDoneAt = NaN;
      let lastLog = 0;
      while (performance.now() < deadline) {
        await sleep(1_000);
        const counts = Object.fromEntries((await db.inboundEmail.groupBy({ by: ["status"], _count: { _all: true } })).map((g) => [g.status, g._count._all]));
        const open = (counts.RECEIVED ?? 0) + (counts.PROCESSING ?? 0);
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(`  ${formatNumber((performance.now() - t0) / 1000, 0)} s: emails ${JSON.stringify(counts)}; agents ${JSON.stringify(agents.progress())}`);
        }
        for (const s of stack.services) if (s.exitedEarly() !== undefined) throw new Error(`${s.name} exited (${s.exitedEarly()}); see ${s.logFile}`);
        if (sent && open === 0) {
          intakeDoneAt = performance.now() - t0;
          break;
        }
      }
      if (Number.isNaN(intakeDoneAt)) log(`timed out after ${timeoutS} s with intake unfinished`);
      agents.intakeDone();
      log(`intake finished at ${formatNumber(intakeDoneAt / 1000, 1)} s; waiting for the agents to empty the queue`);
      const left = Math.max(10_000, deadline - performance.now());
      const stopTimer = setTimeout(() => agents?.stop(), left);
      const agentsResult: AgentsResult = await agents.result;
      clearTimeout(stopTimer);
      const agentsDoneAt = performance.now() - t0;

      // Side effects: every outbox row published, every email and webhook out.
      let drainedAt = NaN;
      const drainUntil = performance.now() + 300_000;
      while (performance.now() < drainUntil) {
        const [unpublished, queued, pending, jobs] = await Promise.all([
          db.outboxMessage.count({ where: { publishedAt: null } }),
          db.outboundEmail.count({ where: { status: "QUEUED" } }),
          db.webhookDelivery.count({ where: { status: "PENDING" } }),
          queues.get("delivery").getJobCounts("waiting", "active", "delayed", "prioritized"),
        ]);
        if (unpublished + queued + pending + Object.values(jobs).reduce((a, b) => a + b, 0) === 0) {
          drainedAt = performance.now() - t0;
          break;
        }
        await sleep(500);
      }
      await sleep(1_000); // the last SMTP deliveries and webhooks to arrive at the receivers
      const cpu = stack.monitor.since(mark);
      // The agents' process has exited by now, so the monitor cannot read its ticks: it reported its own CPU.
      cpu.groups.agents = agentsResult.cpuMs / cpu.wallMs;
      cpu.other = Math.max(0, cpu.other - cpu.groups.agents);
      const { _max: caseMax } = await db.reviewCase.aggregate({ _max: { createdAt: true } });
      const { _max: procMax, _min: procMin } = await db.inboundEmail.aggregate({ _max: { processedAt: true }, _min: { processedAt: true } });
      const after = (d: Date | null | undefined) => (d ? d.getTime() - t0Epoch : NaN);
      const timeline: Timeline = {
        lastCaseCreatedAt: after(caseMax.createdAt),
        firstProcessedAt: after(procMin.processedAt),
        lastProcessedAt: after(procMax.processedAt),
        intakeDoneAt,
        agentsDoneAt,
        drainedAt,
        lastMailAt: stack.sinkStats.lastAt - t0,
        agentOffset: agentsResult.epoch - t0Epoch,
      };
      await sending;
      log("checking the invariants (every stored object is looked up in S3: a few minutes at 10,000 emails)");
      const t1 = performance.now();
      const inv = await checkLoad(db, { accounts, sent: sent!, agents: agentsResult, sink: stack.sinkStats, receiver: stack.receiver });
      log(`  checked in ${formatNumber((performance.now() - t1) / 1000, 0)} s; ${inv.fault.problems.length} problem(s)${inv.fault.problems.length ? `: ${inv.fault.problems.slice(0, 5).join("; ")}` : ""}`);
      stack.monitor.stop();
      return loadReport({
        params: { total, firsts, duplicates, replies, agentCount, rate, senders, photo, mix, thinkMs, idleMs, seed },
        photoDesc: photo === "small" ? `${SMALL_PHOTO.width}×${SMALL_PHOTO.height}` : `${PHOTO.width}×${PHOTO.height}`,
        photoKiB: photoBytes.reduce((a, b) => a + b, 0) / photoBytes.length / 1024,
        sent: sent!,
        agents: agentsResult,
        inv,
        timeline,
        cpu,
        monitor: stack.monitor,
        sink: stack.sinkStats,
        build,
        runDir,
      });
    } finally {
      agents?.stop();
      poster.close();
      await stack.stop();
      await queues.close().catch(() => undefined);
      redis.disconnect();
      s3.destroy();
      fs.rmSync(path.join(runDir, "s3"), { recursive: true, force: true });
    }
  },
});
