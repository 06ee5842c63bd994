import { appendAudit } from "../../../lib/audit/append";
import type { Db } from "../../../lib/db";
import { assertDemoAllowed } from "../demo";
import { demoStaff } from "../demo-staff";
import { SEED_ACTOR } from "../write";
import { insertAccounts, insertCaseEvents, insertCases, insertDevices, insertEmailsAndDocuments, insertLogins } from "./inserts";
import { PhaseProgress, fmt, secs, slices } from "./progress";
import { type BulkSession, openSession } from "./session";
import type { BulkPlan } from "./tables";

// Bulk rows for benchmarks, added on top of whatever is there (the demo world must exist: bulk
// cases are worked by the demo staff and their documents point at the demo photos). Generated in
// Postgres by INSERT … SELECT generate_series in slices, each slice its own commit, spread over
// several connections, with progress lines.

export interface BulkOptions {
  accounts: number;
  cases: number;
  logins: number;
  /** Give bulk cases an inbound email and two documents each (default true). */
  documents?: boolean;
  /** Database connections working in parallel (default 2). */
  jobs?: number;
  log?: (line: string) => void;
}

export interface BulkResult {
  ms: number;
  phases: { name: string; rows: number; ms: number }[];
}

const SLICE = { accounts: 50_000, cases: 25_000, logins: 250_000 };

/**
 * Runs the workers side by side. When one fails the others stop taking slices (their queues are
 * emptied) and the first error is thrown once every worker has finished its current slice.
 */
async function allOrStop(workers: (() => Promise<void>)[], queues: unknown[][]): Promise<void> {
  const results = await Promise.allSettled(
    workers.map((w) =>
      w().catch((err: unknown) => {
        for (const q of queues) q.length = 0;
        throw err;
      }),
    ),
  );
  for (const r of results) if (r.status === "rejected") throw r.reason;
}

export async function seedBulk(db: Db, opts: BulkOptions): Promise<BulkResult> {
  assertDemoAllowed();
  const log = opts.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  if (opts.accounts < 1) throw new Error("bulk seeding needs at least one account");

  const staff = await db.staffUser.findMany({ where: { email: { in: demoStaff.map((s) => s.email) } }, select: { id: true, role: true } });
  const agents = staff.filter((s) => s.role === "AGENT").map((s) => s.id);
  const supervisors = staff.filter((s) => s.role === "SUPERVISOR").map((s) => s.id);
  if (!agents.length || !supervisors.length) throw new Error("bulk seeding needs the demo staff: run the demo seed first");

  const last = await db.$queryRaw<{ uid: string }[]>`SELECT uid FROM "Account" WHERE uid >= 'B' AND uid < 'C' ORDER BY uid DESC LIMIT 1`;
  const uidBase = last[0] ? Number(last[0].uid.slice(1)) || 0 : 0;
  const plan: BulkPlan = { accounts: opts.accounts, cases: opts.cases, uidBase, tag: Date.now().toString(36), staff: { agents, supervisors } };
  const jobs = Math.max(1, Math.min(8, opts.jobs ?? 2));
  log(`bulk: ${fmt(plan.accounts)} accounts, ${fmt(plan.cases)} cases, ${fmt(opts.logins)} login events on ${jobs} connection(s) (run ${plan.tag}, uids from B${String(uidBase + 1).padStart(9, "0")})`);

  const t0 = Date.now();
  let planMs = 0;
  const withPool = opts.documents !== false && plan.cases > 0;
  const sessions: BulkSession[] = [];
  const phases: PhaseProgress[] = [];
  try {
    const anchor = new Date();
    const opened = await Promise.allSettled(Array.from({ length: jobs }, () => openSession(plan, anchor, withPool)));
    for (const s of opened) if (s.status === "fulfilled") sessions.push(s.value);
    for (const s of opened) if (s.status === "rejected") throw s.reason;
    const main = sessions[0];
    const poolSize = withPool ? await main.count("SELECT count(*) AS n FROM bulk_pool") : 0;
    if (withPool && !poolSize) log("  no demo photos to point at: bulk cases get no emails or documents");
    const expectedRows = plan.accounts + (await main.count("SELECT count(*) + count(new_id) AS n FROM bulk_acct"));
    planMs = Date.now() - t0;
    log(`  planned in ${secs(planMs)}${main.fkChecks ? "" : " (foreign keys hold by construction; per-row checks skipped)"}`);

    // Accounts and their devices: slices shared by every session.
    const accounts = new PhaseProgress("accounts", plan.accounts, log);
    phases.push(accounts);
    const accountSlices = slices(plan.accounts, SLICE.accounts);
    await allOrStop(
      sessions.map((s) => async () => {
        for (let next = accountSlices.shift(); next; next = accountSlices.shift()) {
          const [a, b] = next;
          accounts.begin();
          accounts.add(b - a + 1, (await s.run(insertAccounts(a, b))) + (await s.run(insertDevices(plan, a, b))));
        }
      }),
      [accountSlices],
    );
    if (accounts.rows !== expectedRows) throw new Error(`bulk: wrote ${accounts.rows} account and device rows, expected ${expectedRows}; stopping before rows that refer to them`);

    // Cases on the first session, in order, so case numbers follow creation time; logins on all.
    const cases = new PhaseProgress("cases", plan.cases, log);
    const logins = new PhaseProgress("logins", opts.logins, log);
    phases.push(cases, logins);
    const loginSlices = slices(opts.logins, SLICE.logins);
    const caseSlices = slices(plan.cases, SLICE.cases);
    await allOrStop(
      sessions.map((s, i) => async () => {
        if (i === 0) {
          for (let next = caseSlices.shift(); next; next = caseSlices.shift()) {
            const [a, b] = next;
            cases.begin();
            let rows = await s.run(insertCases(plan, a, b));
            if (poolSize) for (const sql of insertEmailsAndDocuments(plan, a, b, poolSize)) rows += await s.run(sql);
            rows += await s.run(insertCaseEvents(a, b, poolSize > 0));
            cases.add(b - a + 1, rows);
          }
        }
        for (let next = loginSlices.shift(); next; next = loginSlices.shift()) {
          logins.begin();
          logins.add(next[1] - next[0] + 1, await s.run(insertLogins(plan, next[0], next[1])));
        }
      }),
      [loginSlices, caseSlices],
    );

    const analyze = new PhaseProgress("analyze", 1, () => undefined);
    analyze.begin();
    await main.run(`ANALYZE "Account", "Device", "LoginEvent", "ReviewCase", "InboundEmail", "Document", "CaseEvent"`);
    analyze.add(1, 0);
    phases.push(analyze);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }

  await db.$transaction(async (tx) => {
    await appendAudit(tx, { action: "system.seeded", actor: SEED_ACTOR, data: { scale: `bulk (+${opts.logins} login events)`, accounts: opts.accounts, cases: opts.cases } });
  });
  const ms = Date.now() - started;
  const done = phases.filter((p) => p.ms > 0).map((p) => `${p.name} ${secs(p.ms)}`);
  log(`bulk done in ${secs(ms)}: planning ${secs(planMs)}, ${done.join(", ")}${jobs > 1 && opts.cases && opts.logins ? " (cases and logins side by side)" : ""}`);
  return { ms, phases: phases.map((p) => ({ name: p.name, rows: p.rows, ms: p.ms })) };
}
