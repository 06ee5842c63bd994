import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db, type Prisma } from "../db";
import type { RequestContext } from "../http/request-context";
import { afterTime, decodeCursor, encodeCursor, orderByOf, prioritiesAfter, SORT_SPECS, type QueueCursor } from "./queue-cursor";
import { filtersWhere, ZQueueQuery } from "./queue-filters";
import { documentCounts, queueRowSelect, toQueueRow, type QueueRowRecord } from "./queue-row";
import type { QueuePage, QueueQueryInput } from "./queue-types";
import { parseInput, staffIdOf } from "./shared";

export const DEFAULT_QUEUE_LIMIT = 50;

async function fetchRows(where: Prisma.ReviewCaseWhereInput[], orderBy: Prisma.ReviewCaseOrderByWithRelationInput[], take: number): Promise<QueueRowRecord[]> {
  return db.reviewCase.findMany({ where: { AND: where }, orderBy, take, select: queueRowSelect });
}

/**
 * Urgency after a cursor, as two index range scans instead of one mixed-direction OR: the rest of
 * the cursor's priority (slaDueAt, id beyond it), then the priorities after it from their start.
 */
async function fetchUrgencyAfter(filters: Prisma.ReviewCaseWhereInput[], c: QueueCursor, take: number): Promise<QueueRowRecord[]> {
  const orderBy = orderByOf("urgency", c.dir);
  const same = await fetchRows([...filters, { priority: c.priority }, afterTime(c)], orderBy, take);
  const rest = prioritiesAfter(c);
  if (same.length >= take || !rest.length) return same;
  return [...same, ...(await fetchRows([...filters, { priority: { in: rest } }], orderBy, take - same.length))];
}

/**
 * The review queue: server-side filters (saved view, status, assignee, priority, SLA state, risk
 * flags, created range, a case reference / account uid / bound email), four sorts and keyset
 * paging (no OFFSET: every page is an index range scan from the cursor, so page 1,000 costs what
 * page 1 does). Needs queue.read.
 */
export async function listCases(actor: Actor, input: QueueQueryInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<QueuePage> {
  const { actor: staff } = await requireStaff(actor, "queue.read", { request: opts.request });
  const query = parseInput(ZQueueQuery, input);
  const now = opts.now ?? new Date();
  const sort = query.sort ?? "urgency";
  const dir = query.dir ?? SORT_SPECS[sort].natural;
  const limit = query.limit ?? DEFAULT_QUEUE_LIMIT;
  const cursor = query.cursor ? decodeCursor(query.cursor, sort, dir) : null;

  const filters = filtersWhere(query, staffIdOf(staff), now);
  const take = limit + 1;
  let fetched: QueueRowRecord[];
  if (cursor && sort === "urgency") fetched = await fetchUrgencyAfter(filters, cursor, take);
  else fetched = await fetchRows(cursor ? [...filters, afterTime(cursor)] : filters, orderByOf(sort, dir), take);

  const page = fetched.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    fetched.length > limit && last
      ? encodeCursor({ sort, dir, priority: sort === "urgency" ? last.priority : undefined, time: last[SORT_SPECS[sort].time], id: last.id })
      : null;
  const counts = await documentCounts(page.map((r) => r.id));
  return { rows: page.map((r) => toQueueRow(r, now, counts.get(r.id) ?? 0)), nextCursor, applied: { view: query.view ?? null, sort, dir, limit } };
}
