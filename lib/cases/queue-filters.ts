import { z } from "zod";
import { prefixUpperBound, MIN_EMAIL_PREFIX } from "../accounts/search-accounts";
import { config } from "../config";
import type { Prisma } from "../db";
import { CasePriority, CaseStatus, RiskFlag } from "../generated/prisma/enums";
import { parseCaseRef } from "./case-ref";
import { DECIDED_STATUSES, OPEN_STATUSES, QUEUE_SORTS, QUEUE_VIEWS, SLA_STATES, type QueueView, type SlaState } from "./queue-types";

// The queue's filters: input validation and the Prisma `where` they stand for. Every branch maps
// to an indexed column (status, assignee, priority, slaDueAt, createdAt, the riskFlags GIN index,
// ReviewCase.number, Account.uid, Account.emailNormalized); nothing matches free text inside data.

/** One value or several (repeated URL parameters), each from `values`. */
const oneOrMany = <T extends string>(field: string, values: readonly T[], max: number) => {
  const error = `${field}: one or more of ${values.join(", ")}`;
  const item = z.enum(values as [T, ...T[]], error);
  return z.union([item, z.array(item).max(max, `${field}: at most ${max} values`)], { error }).transform((v) => (Array.isArray(v) ? v : [v]));
};

const ZDate = (field: string) =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `${field}: give an ISO date such as 2026-11-26 or 2026-11-26T00:00:00Z` }).transform((s) => new Date(s));

export const ZQueueQuery = z.strictObject({
  view: z.enum(QUEUE_VIEWS, `view: one of ${QUEUE_VIEWS.join(", ")}`).optional(),
  status: oneOrMany("status", Object.values(CaseStatus), 7).optional(),
  assignee: z.union([z.literal("me"), z.literal("none"), z.uuid("assignee: a staff id, me or none").transform((s) => s.toLowerCase())]).optional(),
  priority: oneOrMany("priority", Object.values(CasePriority), 4).optional(),
  sla: z.enum(SLA_STATES, `sla: one of ${SLA_STATES.join(", ")}`).optional(),
  risk: oneOrMany("risk", Object.values(RiskFlag), 9).optional(),
  createdFrom: ZDate("createdFrom").optional(),
  createdTo: ZDate("createdTo").optional(),
  q: z.string().trim().max(200, "Search for at most 200 characters.").optional(),
  sort: z.enum(QUEUE_SORTS, `sort: one of ${QUEUE_SORTS.join(", ")}`).optional(),
  dir: z.enum(["asc", "desc"], "dir: asc or desc").optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number("limit: a number from 1 to 100").int("limit: a whole number").min(1, "limit: at least 1").max(100, "limit: at most 100").optional(),
});
export type TQueueQuery = z.output<typeof ZQueueQuery>;

// Open cases are also exactly the undecided ones (a CHECK constraint keeps an open case's decidedAt
// NULL; reopen clears it). "decidedAt IS NULL" is what lets PostgreSQL use the partial indexes over
// open cases: Prisma sends enum values as parameters cast from text, which no index predicate can
// be proven from, so the status list alone made every open view sort or filter the whole table.
const open: Prisma.ReviewCaseWhereInput = { decidedAt: null, status: { in: [...OPEN_STATUSES] } };
const breached = (now: Date): Prisma.ReviewCaseWhereInput => ({ AND: [open, { OR: [{ slaBreachedAt: { not: null } }, { slaDueAt: { lt: now } }] }] });

export function viewWhere(view: QueueView, staffId: string, now: Date): Prisma.ReviewCaseWhereInput {
  switch (view) {
    case "mine":
      return { AND: [open, { assigneeId: staffId }] };
    case "unassigned":
      return { AND: [open, { assigneeId: null }] };
    case "breaching":
      return breached(now);
    case "awaiting_customer":
      return { status: "AWAITING_CUSTOMER" };
    case "escalated":
      return { status: { in: ["ESCALATED", "PENDING_SECOND_APPROVAL"] } };
    case "open":
      return open;
    case "decided":
      return { decidedAt: { not: null }, status: { in: [...DECIDED_STATUSES] } };
  }
}

function slaWhere(state: SlaState, now: Date): Prisma.ReviewCaseWhereInput {
  if (state === "breached") return breached(now);
  const soon = new Date(now.getTime() + config.CASE_SLA_WARNING_MINUTES * 60_000);
  const notMarked = { AND: [open, { slaBreachedAt: null }] };
  return state === "due_soon" ? { AND: [notMarked, { slaDueAt: { gte: now, lt: soon } }] } : { AND: [notMarked, { slaDueAt: { gte: soon } }] };
}

/** A case reference → that case; otherwise an account uid (exact) or bound email (exact or prefix). */
export function searchWhere(q: string): Prisma.ReviewCaseWhereInput {
  const number = parseCaseRef(q);
  if (number !== null) return { number };
  const accounts: Prisma.AccountWhereInput[] = [{ uid: q }];
  const p = q.toLowerCase();
  if (p.length >= MIN_EMAIL_PREFIX || p.includes("@")) {
    // A range on the b-tree index on emailNormalized; startsWith keeps it exact under any collation.
    accounts.push({ AND: [{ emailNormalized: { gte: p, lt: prefixUpperBound(p) } }, { emailNormalized: { startsWith: p } }] });
  }
  return { account: { OR: accounts } };
}

/** Every filter of the query, ANDed (a view is a preset; the other filters narrow it). */
export function filtersWhere(f: TQueueQuery, staffId: string, now: Date): Prisma.ReviewCaseWhereInput[] {
  const where: Prisma.ReviewCaseWhereInput[] = [];
  if (f.view) where.push(viewWhere(f.view, staffId, now));
  if (f.status?.length) where.push({ status: { in: f.status } });
  if (f.assignee) where.push({ assigneeId: f.assignee === "me" ? staffId : f.assignee === "none" ? null : f.assignee });
  if (f.priority?.length) where.push({ priority: { in: f.priority } });
  if (f.sla) where.push(slaWhere(f.sla, now));
  if (f.risk?.length) where.push({ riskFlags: { hasEvery: f.risk } });
  if (f.createdFrom) where.push({ createdAt: { gte: f.createdFrom } });
  if (f.createdTo) where.push({ createdAt: { lt: f.createdTo } });
  if (f.q) where.push(searchWhere(f.q));
  return where;
}
