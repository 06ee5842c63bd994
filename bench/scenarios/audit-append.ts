// Audit trail write and verify speed, through the real lib/audit code: one appendAudit per
// db.$transaction (how every use case writes), at several numbers of concurrent writers, then
// verifyChain over the whole table.
import { performance } from "node:perf_hooks";
import { appendAudit, verifyChain } from "../../lib/audit";
import type { Db } from "../../lib/db";
import { benchEntry, extendChain } from "../lib/audit-entries";
import { cpuCell, cpuSample, cpuSince, type CpuShares } from "../lib/cpu";
import { percentile, runLoad, sortedCopy, type LoadResult } from "../lib/load";
import { formatNumber } from "../lib/report";
import { defineScenario, type DetailTable, type Figure } from "../lib/types";

interface Phases {
  start: number[]; // pool wait + BEGIN
  append: number[]; // SELECT audit_append(…): advisory-lock wait + head read + insert, in one statement
  commit: number[]; // COMMIT (WAL flush) — the lock is still held until it returns
}

async function appendOne(db: Db, i: number, p: Phases): Promise<void> {
  const t0 = performance.now();
  let t1 = 0;
  let t2 = 0;
  await db.$transaction(async (tx) => {
    t1 = performance.now();
    await appendAudit(tx, benchEntry(i));
    t2 = performance.now();
  });
  const t3 = performance.now();
  p.start.push(t1 - t0);
  p.append.push(t2 - t1);
  p.commit.push(t3 - t2);
}

const median = (xs: number[]) => percentile(sortedCopy(xs), 50);
const ms = (v: number) => formatNumber(v, v >= 100 ? 0 : 1);
const writersLabel = (n: number) => `${n} writer${n === 1 ? "" : "s"}`;

interface Level {
  writers: number;
  load: LoadResult;
  phases: Phases;
}

export default defineScenario({
  name: "audit-append",
  description: "appendAudit, one entry per db.$transaction, at several concurrent writers; then verifyChain over the whole table",
  flags: {
    entries: "entries appended per concurrency level (default 5000)",
    concurrency: "comma-separated numbers of concurrent writers (default 1,8,32)",
    warmup: "unmeasured entries appended first, at the highest concurrency, to open the pool (default 200)",
    chain: "grow the chain to this many entries (bulk, hashed like appendAudit) before verifying (default 100000; 0 = verify only what was appended)",
    "verify-page": "verifyChain page size (default: verifyChain's own, 5000)",
  },
  targets: [
    { figure: "c8.throughput", op: ">=", value: 300, unit: "entries/s", why: "audit append must keep up with a busy support floor at 8 concurrent writers." },
    { figure: "c8.p95", op: "<=", value: 50, unit: "ms", why: "an audited action's transaction should not add noticeable latency." },
    { figure: "append.errors", op: "==", value: 0, unit: "", why: "every append must succeed (timeouts or deadlocks make the other figures meaningless)." },
    { figure: "verify.rate", op: ">=", value: 30_000, unit: "entries/s", why: "1,000,000 entries verified in 30 s (a later issue's goal)." },
    { figure: "verify.ok", op: "==", value: 1, unit: "", why: "the chain written by concurrent appends must verify." },
  ],

  async run({ db, databaseUrl, flags, log }) {
    const entries = flags.int("entries", 5_000, 1);
    const levels = flags.intList("concurrency", [1, 8, 32]);
    const warmup = flags.int("warmup", 200);
    const chain = flags.int("chain", 100_000);
    const pageSize = flags.has("verify-page") ? flags.int("verify-page", 5_000, 1) : undefined;

    let i = 0;
    if (warmup > 0) {
      log(`warm-up: ${warmup} entries at ${Math.max(...levels)} writers`);
      const discard: Phases = { start: [], append: [], commit: [] };
      const w = await runLoad(warmup, Math.max(...levels), () => appendOne(db, i++, discard));
      if (w.errors) throw new Error(`warm-up failed: ${w.firstError}`);
    }

    const results: Level[] = [];
    for (const writers of levels) {
      log(`appending ${entries} entries with ${writers} concurrent writer(s)`);
      const phases: Phases = { start: [], append: [], commit: [] };
      const load = await runLoad(entries, writers, () => appendOne(db, i++, phases));
      results.push({ writers, load, phases });
      log(`  ${formatNumber(load.throughput, 0)} entries/s, p95 ${ms(percentile(load.latenciesMs, 95))} ms, ${load.errors} error(s)`);
    }

    // One Prisma round trip with no work in it: the unit the critical section is made of.
    const rt: number[] = [];
    for (let k = 0; k < 50; k++) await db.$queryRaw`SELECT 1`;
    const rtCpu0 = process.cpuUsage();
    for (let k = 0; k < 500; k++) {
      const t = performance.now();
      await db.$queryRaw`SELECT 1`;
      rt.push(performance.now() - t);
    }
    const rtCpu = process.cpuUsage(rtCpu0);
    const roundTrip = { ms: median(rt), cpuMs: (rtCpu.user + rtCpu.system) / 1000 / rt.length };

    const appended = await db.auditEntry.count();
    log(chain > appended ? `extending the chain from ${appended} to ${chain} entries (bulk)` : `chain has ${appended} entries`);
    const added = chain > appended ? await extendChain(databaseUrl, chain) : 0;

    log("verifying the whole chain");
    const cpu0 = cpuSample();
    const v0 = performance.now();
    const verified = await verifyChain({ checkAnchors: false, ...(pageSize ? { pageSize } : {}) });
    const verifySec = (performance.now() - v0) / 1000;
    const verifyCpu = cpuSince(cpu0);
    const verifyRate = verified.checked / verifySec;

    const figures: Figure[] = [];
    for (const { writers, load } of results) {
      const who = writersLabel(writers);
      figures.push(
        { key: `c${writers}.throughput`, label: `Append, ${who}: throughput`, value: load.throughput, unit: "entries/s", digits: 0 },
        { key: `c${writers}.p50`, label: `Append, ${who}: latency p50`, value: percentile(load.latenciesMs, 50), unit: "ms" },
        { key: `c${writers}.p95`, label: `Append, ${who}: latency p95`, value: percentile(load.latenciesMs, 95), unit: "ms" },
        { key: `c${writers}.p99`, label: `Append, ${who}: latency p99`, value: percentile(load.latenciesMs, 99), unit: "ms" },
      );
    }
    const totalOps = results.reduce((s, r) => s + r.load.ops, 0);
    const totalErrors = results.reduce((s, r) => s + r.load.errors, 0);
    const firstError = results.find((r) => r.load.firstError)?.load.firstError;
    figures.push(
      { key: "db.roundTrip", label: "Prisma round trip (SELECT 1), median", value: roundTrip.ms, unit: "ms" },
      { key: "db.roundTripCpu", label: "Prisma round trip (SELECT 1), Node CPU", value: roundTrip.cpuMs, unit: "ms" },
      { key: "append.ops", label: "Append: entries (all levels)", value: totalOps, unit: "", digits: 0 },
      { key: "append.errors", label: "Append: failed transactions", value: totalErrors, unit: "", digits: 0, display: firstError ? `${totalErrors} (${firstError})` : undefined },
      { key: "append.duration", label: "Append: measured duration (all levels)", value: results.reduce((s, r) => s + r.load.durationMs, 0) / 1000, unit: "s", digits: 1 },
      { key: "verify.rate", label: "Verify: rate", value: verifyRate, unit: "entries/s", digits: 0 },
      { key: "verify.entries", label: "Verify: entries checked", value: verified.checked, unit: "", digits: 0 },
      { key: "verify.duration", label: "Verify: duration", value: verifySec, unit: "s" },
      { key: "verify.ok", label: "Verify: chain intact", value: verified.ok ? 1 : 0, unit: "", display: verified.ok ? "ok" : `BROKEN: ${verified.firstBreak?.message}` },
      { key: "verify.1m", label: "Verify: projected time for 1M entries", value: 1_000_000 / verifyRate, unit: "s", digits: 1 },
    );

    const detail: DetailTable = {
      title: "Per concurrency level (latency in ms; phases are medians per transaction)",
      columns: ["Writers", "Entries", "Errors", "Duration s", "Entries/s", "p50", "p95", "p99", "max", "pool wait + BEGIN", "audit_append (lock wait + head + insert)", "COMMIT", "bench CPU per entry", "CPU used, in cores"],
      rows: results.map(({ writers, load, phases }) => [
        String(writers),
        formatNumber(load.ops, 0),
        String(load.errors),
        formatNumber(load.durationMs / 1000, 1),
        formatNumber(load.throughput, 0),
        ms(percentile(load.latenciesMs, 50)),
        ms(percentile(load.latenciesMs, 95)),
        ms(percentile(load.latenciesMs, 99)),
        ms(percentile(load.latenciesMs, 100)),
        ms(median(phases.start)),
        ms(median(phases.append)),
        ms(median(phases.commit)),
        `${ms(load.cpuMs / Math.max(1, load.ops))} ms`,
        cpuCell(load.cpu),
      ]),
    };

    return {
      dataSize: `${formatNumber(appended, 0)} entries appended (${formatNumber(warmup, 0)} of them warm-up)${added ? `, chain bulk-extended by ${formatNumber(added, 0)}` : ""}; ${formatNumber(verified.checked, 0)} entries verified`,
      params: { entries, concurrency: levels.join(","), warmup, chain, "verify-page": pageSize ?? "5000 (default)" },
      figures,
      tables: [detail],
      notes: limitNotes(results, roundTrip, verifyRate, verifyCpu),
    };
  },
});

/** What limits the figures, in numbers from this run. */
function limitNotes(results: Level[], roundTrip: { ms: number; cpuMs: number }, verifyRate: number, verifyCpu: CpuShares): string[] {
  const notes: string[] = [];
  const serial = results.find((r) => r.writers === 1);
  const best = results.reduce((a, b) => (b.load.throughput > a.load.throughput ? b : a));
  const most = results.reduce((a, b) => (b.writers > a.writers ? b : a));
  const heldMs = 1000 / best.load.throughput;
  notes.push(
    `Appends serialise by design on one advisory lock (each entry hashes its predecessor): a writer takes ` +
      `pg_advisory_xact_lock, reads the head and INSERTs inside one call of the SQL function audit_append, and holds the lock ` +
      `until its COMMIT (WAL flush) returns. ` +
      (best.writers > 1 && median(best.phases.append) > 2 * heldMs
        ? `With ${writersLabel(best.writers)} the lock was never idle (median audit_append call ${ms(median(best.phases.append))} ms), ` +
          `so it changed hands every ${ms(heldMs)} ms (1 / throughput): that is how long one entry holds it, and ` +
          `${formatNumber(best.load.throughput, 0)} entries/s is the chain's ceiling for one process on this machine, whatever the number of writers. `
        : "") +
      (most !== best
        ? `${writersLabel(most.writers)} reached ${formatNumber(most.load.throughput, 0)} entries/s at p50 ${ms(percentile(most.load.latenciesMs, 50))} ms: extra writers only queue. `
        : "") +
      (serial ? `Uncontended (1 writer) a whole transaction took ${ms(percentile(serial.load.latenciesMs, 50))} ms p50, COMMIT ${ms(median(serial.phases.commit))} ms of it.` : ""),
  );
  const perEntry = best.load.cpuMs / Math.max(1, best.load.ops);
  notes.push(
    `The section is made of client round trips more than disk: one empty Prisma query takes ${ms(roundTrip.ms)} ms here ` +
      `(${ms(roundTrip.cpuMs)} ms of Node CPU in the Prisma client and driver adapter), and a transaction is three queries ` +
      `(BEGIN, SELECT audit_append(…), COMMIT), ${ms(perEntry)} ms of Node CPU per entry in all, so one Node process tops out near ` +
      `${formatNumber(1000 / perEntry, 0)} entries/s even without the lock. Node and PostgreSQL share the same cores, the lock ` +
      `holder's next query waits behind the other writers' callbacks on the event loop, and group commit cannot batch the ` +
      `WAL flushes because the next writer cannot start before the previous COMMIT returns.`,
  );
  const onNode = verifyCpu.self / (verifyCpu.self + verifyCpu.postgres) >= 0.8;
  const saturated = verifyCpu.machine >= 0.9 * verifyCpu.cores;
  notes.push(
    `Verify ran at ${formatNumber(verifyRate, 0)} entries/s using ${cpuCell(verifyCpu)}. ` +
      (onNode
        ? `The work is on the Node side (pg row decoding, canonical JSON, SHA-256), one thread: verifyChain prefetches the ` +
          `next page while it hashes this one, so its rate is one core's worth of that work` +
          (saturated ? `, and the machine was saturated, so the bench process got less than a core.` : ".")
        : `PostgreSQL's share is large: reading pages, not hashing, is the bottleneck.`),
  );
  const others = [...results.map((r) => r.load.cpu), verifyCpu].map((c) => c.other).filter(Number.isFinite);
  if (others.length && Math.max(...others) >= 0.25) {
    notes.push(
      `Other processes on the machine used up to ${formatNumber(Math.max(...others), 2)} cores during the measurements (the ` +
        `"other" share); with ${verifyCpu.cores} cores that CPU is taken from Node and PostgreSQL, so these figures are pessimistic.`,
    );
  }
  return notes;
}
