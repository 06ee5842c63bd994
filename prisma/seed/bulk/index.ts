import pg from "pg";
import { appendAudit } from "../../../lib/audit/append";
import { config } from "../../../lib/config";
import type { Db } from "../../../lib/db";
import { demoStaff } from "../demo-staff";
import { SEED_ACTOR } from "../write";
import { insertAccounts, insertCaseEvents, insertCases, insertDevices, insertEmailsAndDocuments, insertLogins } from "./inserts";
import { UUID7_FN } from "./sql";
import { type BulkPlan, POOL_SQL, accountTableSql, caseTableSql } from "./tables";

// Bulk rows for benchmarks, added on top of whatever is there (the demo world must exist: bulk
// cases are worked by the demo staff and their documents point at the demo photos). Generated in
// Postgres by INSERT … SELECT generate_series in slices, each slice its own commit, with progress.

export interface BulkOptions {
  accounts: number;
  cases: number;
  logins: number;
  /** Give bulk cases an inbound email and two documents each (default true). */
  documents?: boolean;
  log?: (line: string) => void;
}

export interface BulkResult {
  ms: number;
  phases: { name: string; rows: number; ms: number }[];
}

const BATCH = { accounts: 100_000, cases: 50_000, logins: 500_000 };

export async function seedBulk(db: Db, opts: BulkOptions): Promise<BulkResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  if (opts.accounts < 1) throw new Error("bulk seeding needs at least one account");

  const staff = await db.staffUser.findMany({ where: { email: { in: demoStaff.map((s) => s.email) } }, select: { id: true, role: true } });
  const agents = staff.filter((s) => s.role === "AGENT").map((s) => s.id);
  const supervisors = staff.filter((s) => s.role === "SUPERVISOR").map((s) => s.id);
  if (!agents.length || !supervisors.length) throw new Error("bulk seeding needs the demo staff: run the demo seed first");

  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  // One instant for every statement, so device times and login windows agree across slices.
  const anchor = `'${new Date().toISOString()}'::timestamptz`;
  const run = (sql: string) => client.query(sql.replaceAll("now()", anchor));
  const phases: BulkResult["phases"] = [];

  try {
    await run("SET synchronous_commit = off");
    await run("SET work_mem = '256MB'");
    await run("SET statement_timeout = 0");
    await run(UUID7_FN);

    const last = await client.query<{ uid: string }>(`SELECT uid FROM "Account" WHERE uid >= 'B' AND uid < 'C' ORDER BY uid DESC LIMIT 1`);
    const uidBase = last.rows[0] ? Number(last.rows[0].uid.slice(1)) || 0 : 0;
    const plan: BulkPlan = { accounts: opts.accounts, cases: opts.cases, uidBase, tag: Date.now().toString(36), staff: { agents, supervisors } };
    log(`bulk: ${fmt(plan.accounts)} accounts, ${fmt(plan.cases)} cases, ${fmt(opts.logins)} login events (run ${plan.tag}, uids from B${String(uidBase + 1).padStart(9, "0")})`);

    const t0 = Date.now();
    await run(caseTableSql(plan));
    await run(accountTableSql(plan));
    log(`  planned in ${secs(Date.now() - t0)}`);

    let poolSize = 0;
    if (opts.documents !== false && plan.cases > 0) {
      await run(POOL_SQL);
      poolSize = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM bulk_pool")).rows[0].n);
      if (!poolSize) log("  no demo photos to point at: bulk cases get no emails or documents");
    }

    const phase = async (name: string, total: number, batch: number, work: (from: number, to: number) => Promise<number>) => {
      if (total <= 0) return;
      const t = Date.now();
      let rows = 0;
      let lastLog = 0;
      for (let from = 1; from <= total; from += batch) {
        const to = Math.min(total, from + batch - 1);
        rows += await work(from, to);
        if (Date.now() - lastLog > 2_000 || to === total) {
          lastLog = Date.now();
          const el = Date.now() - t;
          log(`  ${name.padEnd(9)} ${fmt(to).padStart(11)} / ${fmt(total)}  ${String(Math.round((to / total) * 100)).padStart(3)}%  ${fmt(Math.round(rows / Math.max(el / 1000, 0.001)))} rows/s  ${secs(el)}`);
        }
      }
      phases.push({ name, rows, ms: Date.now() - t });
    };
    const exec = async (sqls: string[]) => {
      let n = 0;
      for (const sql of sqls) n += (await run(sql)).rowCount ?? 0;
      return n;
    };

    await phase("accounts", plan.accounts, BATCH.accounts, (a, b) => exec([insertAccounts(a, b), insertDevices(plan, a, b)]));
    await phase("cases", plan.cases, BATCH.cases, (a, b) =>
      exec([insertCases(plan, a, b), ...(poolSize ? insertEmailsAndDocuments(plan, a, b, poolSize) : []), insertCaseEvents(a, b, poolSize > 0)]),
    );
    await phase("logins", opts.logins, BATCH.logins, (a, b) => exec([insertLogins(plan, a, b)]));

    const ta = Date.now();
    await run(`ANALYZE "Account", "Device", "LoginEvent", "ReviewCase", "InboundEmail", "Document", "CaseEvent"`);
    phases.push({ name: "analyze", rows: 0, ms: Date.now() - ta });
  } finally {
    await client.end();
  }

  await db.$transaction(async (tx) => {
    await appendAudit(tx, { action: "system.seeded", actor: SEED_ACTOR, data: { scale: `bulk (+${opts.logins} login events)`, accounts: opts.accounts, cases: opts.cases } });
  });
  const ms = Date.now() - started;
  log(`bulk done in ${secs(ms)} (${phases.map((p) => `${p.name} ${secs(p.ms)}`).join(", ")})`);
  return { ms, phases };
}

const fmt = (n: number) => n.toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
