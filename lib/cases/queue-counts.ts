import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db, Prisma } from "../db";
import type { RequestContext } from "../http/request-context";
import { DECIDED_STATUSES, OPEN_STATUSES, type QueueCounts } from "./queue-types";
import { staffIdOf, utc } from "./shared";

/**
 * The decided view is the archive: it grows without bound and counting it exactly would scan most
 * of the table on every queue load. It is counted up to this many + 1; a value above the cap
 * means "more than DECIDED_COUNT_CAP" (the UI shows "10,000+").
 */
export const DECIDED_COUNT_CAP = 10_000;

const list = (statuses: readonly string[]) => Prisma.join(statuses.map((s) => Prisma.sql`${s}::"CaseStatus"`));

/**
 * How many cases each saved view holds, plus inbound emails waiting for a manual link — in one
 * query: the open views are FILTER clauses over the open cases (status index), the decided count
 * (capped, see DECIDED_COUNT_CAP) and the unmatched emails are indexed sub-counts. The definitions match viewWhere in queue-filters.ts.
 */
export async function queueCounts(actor: Actor, opts: { request?: RequestContext; now?: Date } = {}): Promise<QueueCounts> {
  const { actor: staff } = await requireStaff(actor, "queue.read", { request: opts.request });
  const now = opts.now ?? new Date();
  const me = staffIdOf(staff);
  const [row] = await db.$queryRaw<Record<keyof QueueCounts, number>[]>`
    SELECT
      count(*) FILTER (WHERE "assigneeId" = ${me}::uuid)::int AS mine,
      count(*) FILTER (WHERE "assigneeId" IS NULL)::int AS unassigned,
      count(*) FILTER (WHERE "slaBreachedAt" IS NOT NULL OR "slaDueAt" < ${utc(now)})::int AS breaching,
      count(*) FILTER (WHERE status = 'AWAITING_CUSTOMER')::int AS awaiting_customer,
      count(*) FILTER (WHERE status IN ('ESCALATED', 'PENDING_SECOND_APPROVAL'))::int AS escalated,
      count(*)::int AS open,
      (SELECT count(*)::int FROM (SELECT 1 FROM "ReviewCase" WHERE status IN (${list(DECIDED_STATUSES)}) LIMIT ${DECIDED_COUNT_CAP + 1}) d) AS decided,
      (SELECT count(*)::int FROM "InboundEmail" WHERE status = 'UNMATCHED') AS "unmatchedEmails"
    FROM "ReviewCase" WHERE status IN (${list(OPEN_STATUSES)})`;
  return row;
}
