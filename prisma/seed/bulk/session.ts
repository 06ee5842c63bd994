import pg from "pg";
import { config } from "../../../lib/config";
import { UUID7_FN } from "./sql";
import { type BulkPlan, POOL_SQL, accountTableSql, caseTableSql } from "./tables";

// One database connection working on a bulk run. Every session builds the same plan tables (ids come
// from seeded hashes, times from one anchor), so sessions can share the work slice by slice.

export interface BulkSession {
  run(sql: string): Promise<number>;
  count(sql: string): Promise<number>;
  /** False when this session skips per-row foreign-key checks. */
  fkChecks: boolean;
  close(): Promise<void>;
}

export async function openSession(plan: BulkPlan, anchor: Date, withPool: boolean): Promise<BulkSession> {
  const client = new pg.Client({ connectionString: config.DATABASE_URL, application_name: "gatehouse-seed-bulk" });
  await client.connect();
  // One instant for every statement in every session, so device times and login windows agree.
  const at = `'${anchor.toISOString()}'::timestamptz`;
  const run = async (sql: string) => (await client.query(sql.replaceAll("now()", at))).rowCount ?? 0;
  const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  try {
    await run("SET synchronous_commit = off");
    await run("SET work_mem = '256MB'");
    await run("SET statement_timeout = 0");
    // Every bulk row refers only to rows this run has just inserted (checked by count) or to the demo
    // staff, so its foreign keys hold by construction. Skipping the per-row checks, a superuser-only
    // session setting, about doubles the insert rate; without the privilege the checks run.
    const fkChecks = await run("SET session_replication_role = replica").then(
      () => false,
      () => true,
    );
    await run(UUID7_FN);
    await run(caseTableSql(plan));
    await run(accountTableSql(plan));
    if (withPool) await run(POOL_SQL);
    return { run, count, fkChecks, close: () => client.end() };
  } catch (err) {
    await client.end();
    throw err;
  }
}
