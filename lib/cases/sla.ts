import { appendAudit } from "../audit/append";
import { systemActor } from "../auth/actor";
import { db, Prisma } from "../db";
import type { CasePriority } from "../generated/prisma/enums";
import { formatCaseRef } from "./case-ref";
import { OPEN_STATUSES } from "./queue-types";
import { CASE_TARGET, utc } from "./shared";

export interface SlaBreachResult {
  marked: number;
  batches: number;
  /** True when the run stopped at maxBatches with cases left (the next run continues). */
  more: boolean;
}

interface Overdue {
  id: string;
  number: number;
  accountId: string;
  priority: CasePriority;
  slaDueAt: Date;
}

const actor = systemActor("sla-monitor");
const openStatuses = Prisma.join(OPEN_STATUSES.map((s) => Prisma.sql`${s}::"CaseStatus"`));

/**
 * Marks open cases past their SLA due time: slaBreachedAt, an SLA_BREACHED timeline event and a
 * `case.sla_breached` audit entry per case, in batches of one transaction each. Only unmarked
 * cases are picked and rows another transaction holds (a claim, a decision) are skipped until the
 * next run, so running twice marks nothing twice. The version is not bumped: a system mark must
 * not turn an agent's open tab stale.
 */
export async function markSlaBreaches(now: Date = new Date(), opts: { batchSize?: number; maxBatches?: number } = {}): Promise<SlaBreachResult> {
  const batchSize = opts.batchSize ?? 200;
  const maxBatches = opts.maxBatches ?? 50;
  let marked = 0;
  for (let batch = 1; batch <= maxBatches; batch++) {
    const n = await db.$transaction(async (tx) => {
      const overdue = await tx.$queryRaw<Overdue[]>`
        SELECT id::text AS id, number, "accountId"::text AS "accountId", priority::text AS priority, "slaDueAt"
        FROM "ReviewCase"
        WHERE status IN (${openStatuses}) AND "slaBreachedAt" IS NULL AND "slaDueAt" < ${utc(now)}
        ORDER BY "slaDueAt", id LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
      if (!overdue.length) return 0;
      await tx.reviewCase.updateMany({ where: { id: { in: overdue.map((c) => c.id) }, slaBreachedAt: null }, data: { slaBreachedAt: now } });
      await tx.caseEvent.createMany({ data: overdue.map((c) => ({ caseId: c.id, type: "SLA_BREACHED" as const, data: { slaDueAt: c.slaDueAt.toISOString(), priority: c.priority } })) });
      for (const c of overdue) {
        await appendAudit(tx, {
          action: "case.sla_breached",
          actor,
          target: { type: CASE_TARGET, id: c.id },
          caseId: c.id,
          accountId: c.accountId,
          data: { caseId: c.id, ref: formatCaseRef(c.number), slaDueAt: c.slaDueAt.toISOString(), priority: c.priority },
        });
      }
      return overdue.length;
    });
    marked += n;
    if (n < batchSize) return { marked, batches: batch, more: false };
  }
  return { marked, batches: maxBatches, more: true };
}
