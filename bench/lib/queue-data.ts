// Review-queue data for `npm run bench -- queue`: accounts, agents and cases generated in Postgres
// (INSERT … SELECT generate_series, one statement per slice), with a realistic mix of statuses:
// most cases decided, an open backlog with a large unassigned NEW pool for claim-next.
import type { Db } from "../../lib/db";

export interface QueueScale {
  cases: number;
  accounts: number;
  /** Unassigned NEW cases: the claim-next pool. */
  unassigned: number;
  agents: number;
}

export function parseQueueScale(scale: string, agents: number): QueueScale {
  const m = /^(\d+)(k|m)?$/i.exec(scale.trim());
  if (!m) throw new Error(`--scale takes a case count such as 100k or 1m, not ${JSON.stringify(scale)}`);
  const cases = Number(m[1]) * (m[2]?.toLowerCase() === "m" ? 1_000_000 : m[2] ? 1_000 : 1);
  if (cases < 1_000) throw new Error("--scale: at least 1k cases");
  return { cases, accounts: Math.max(100, Math.floor(cases / 4)), unassigned: Math.floor(cases * 0.15), agents };
}

const SLICE = 100_000;

/** Inserts the staff, accounts and cases; returns the agents' ids. */
export async function seedQueue(db: Db, s: QueueScale, log: (m: string) => void): Promise<string[]> {
  await db.$executeRawUnsafe(`
    INSERT INTO "StaffUser" (id, email, name, role, status, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'bench-agent-' || i || '@gatehouse.test', 'Bench Agent ' || i, 'AGENT', 'ACTIVE', now(), now()
    FROM generate_series(1, ${s.agents}) i`);
  const agents = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM "StaffUser" WHERE email LIKE 'bench-agent-%' ORDER BY email`)).map((r) => r.id);

  for (let from = 1; from <= s.accounts; from += SLICE) {
    const to = Math.min(s.accounts, from + SLICE - 1);
    await db.$executeRawUnsafe(`
      INSERT INTO "Account" (id, uid, email, "emailNormalized", "kycStatus", "realName", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), 'Q' || lpad(i::text, 9, '0'), 'queue' || i || '@bench.test', 'queue' || i || '@bench.test',
        (CASE WHEN i % 5 = 0 THEN 'UNVERIFIED' ELSE 'VERIFIED' END)::"KycStatus", 'Bench Customer ' || i, now(), now()
      FROM generate_series(${from}, ${to}) i`);
  }
  log(`  ${s.accounts.toLocaleString("en-US")} accounts`);

  const agentArr = `ARRAY[${agents.map((a) => `'${a}'::uuid`).join(",")}]`;
  // Case i: the first `unassigned` are NEW and unclaimed; the next 8% are other open states; the rest decided.
  const openOther = Math.floor(s.cases * 0.08);
  for (let from = 1; from <= s.cases; from += SLICE) {
    const to = Math.min(s.cases, from + SLICE - 1);
    await db.$executeRawUnsafe(`
      INSERT INTO "ReviewCase" (id, "accountId", status, priority, "assigneeId", "claimedAt", "slaDueAt", "slaBreachedAt", version, "riskFlags", "decidedById", "decidedAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), a.id, c.status::"CaseStatus", c.priority::"CasePriority", c.assignee, c.claimed,
        c.created + c.sla, CASE WHEN c.open AND c.created + c.sla < now() THEN c.created + c.sla END, 1, c.flags,
        CASE WHEN NOT c.open THEN c.assignee END, CASE WHEN NOT c.open THEN c.created + interval '2 hours' END, c.created, c.created
      FROM (
        SELECT i,
          i <= ${s.unassigned + openOther} AS open,
          CASE WHEN i <= ${s.unassigned} THEN 'NEW'
               WHEN i <= ${s.unassigned + openOther} THEN (ARRAY['IN_REVIEW','IN_REVIEW','AWAITING_CUSTOMER','ESCALATED'])[1 + i % 4]
               ELSE (ARRAY['APPROVED','APPROVED','APPROVED','REJECTED'])[1 + i % 4] END AS status,
          (ARRAY['LOW','NORMAL','NORMAL','NORMAL','NORMAL','NORMAL','NORMAL','HIGH','HIGH','URGENT'])[1 + (i * 7) % 10] AS priority,
          CASE WHEN i <= ${s.unassigned} THEN NULL ELSE (${agentArr})[1 + i % ${agents.length}] END AS assignee,
          CASE WHEN i <= ${s.unassigned} THEN NULL ELSE now() - (i % 1000) * interval '1 minute' END AS claimed,
          CASE WHEN i <= ${s.unassigned + openOther} THEN now() - (i % 2880) * interval '1 minute'
               ELSE now() - interval '2 days' - (i % 129600) * interval '1 minute' END AS created,
          (ARRAY[interval '24 hours', interval '8 hours', interval '2 hours', interval '30 minutes'])[1 + (i * 7) % 4] AS sla,
          CASE WHEN i % 9 = 0 THEN ARRAY['IP_MISMATCH']::"RiskFlag"[] WHEN i % 23 = 0 THEN ARRAY['REUSED_PHOTO','NAME_MISMATCH']::"RiskFlag"[] ELSE ARRAY[]::"RiskFlag"[] END AS flags
        FROM generate_series(${from}, ${to}) i
      ) c JOIN "Account" a ON a.uid = 'Q' || lpad((1 + c.i % ${s.accounts})::text, 9, '0')`);
    log(`  cases ${to.toLocaleString("en-US")} of ${s.cases.toLocaleString("en-US")}`);
  }
  await db.$executeRawUnsafe(`VACUUM ANALYZE "ReviewCase"`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Account"`);
  return agents;
}
