import { utc } from "../cases/shared";
import { db, Prisma } from "../db";
import type { InboundEmailStatus } from "../generated/prisma/enums";
import { BACKLOG_STATUSES, DUE_SOON_MINUTES, type BacklogStatus, type DecisionKind, type InboundOutcome } from "./types";
import type { DayWindow } from "./window";

// The dashboard's SQL, one statement per panel, each bounded by an indexed column:
// open cases by status (status, priority, slaDueAt, id), decided cases by decidedAt,
// inbound emails by receivedAt, and timeline events by (type, createdAt) — see the index note in
// get-dashboard.ts. Days are to_char of the UTC timestamp columns.

const openStatuses = Prisma.join(BACKLOG_STATUSES.map((s) => Prisma.sql`${s}::"CaseStatus"`));

export interface BacklogCounts {
  status: BacklogStatus;
  total: number;
  unassigned: number;
  breaching: number;
  dueSoon: number;
}

/** Open cases by status: all, unassigned, past due (marked or not yet), due within DUE_SOON_MINUTES. */
export function backlogCounts(now: Date): Promise<BacklogCounts[]> {
  const soon = new Date(now.getTime() + DUE_SOON_MINUTES * 60_000);
  return db.$queryRaw<BacklogCounts[]>`
    SELECT status::text AS status,
      count(*)::int AS total,
      count(*) FILTER (WHERE "assigneeId" IS NULL)::int AS unassigned,
      count(*) FILTER (WHERE "slaBreachedAt" IS NOT NULL OR "slaDueAt" < ${utc(now)})::int AS breaching,
      count(*) FILTER (WHERE "slaBreachedAt" IS NULL AND "slaDueAt" >= ${utc(now)} AND "slaDueAt" < ${utc(soon)})::int AS "dueSoon"
    FROM "ReviewCase" WHERE status IN (${openStatuses})
    GROUP BY status`;
}

/** A percentile row: one per day, and the overall one with `date` null (GROUPING SETS). */
export interface TimingRow {
  date: string | null;
  count: number;
  p50: number | null;
  p90: number | null;
}

/**
 * Creation → first pick-up (CLAIMED or ASSIGNED; claimedAt is overwritten by later claims and
 * cleared on escalation, so the timeline is the record), by the day of that first pick-up. The
 * first pick-up in the window is the case's first unless the case is older than the window and
 * was picked up before it: only those few cases are probed (CaseEvent caseId, createdAt).
 */
export function firstClaimTimings(w: DayWindow): Promise<TimingRow[]> {
  return db.$queryRaw<TimingRow[]>`
    WITH pickups AS (
      SELECT e."caseId", e."createdAt", row_number() OVER (PARTITION BY e."caseId" ORDER BY e."createdAt", e.id) AS n
      FROM "CaseEvent" e
      WHERE e.type IN ('CLAIMED', 'ASSIGNED') AND e."createdAt" >= ${utc(w.from)} AND e."createdAt" < ${utc(w.to)}
    ), picked AS (
      SELECT to_char(f."createdAt", 'YYYY-MM-DD') AS day, extract(epoch FROM f."createdAt" - c."createdAt")::float8 AS secs
      FROM pickups f JOIN "ReviewCase" c ON c.id = f."caseId"
      WHERE f.n = 1 AND (c."createdAt" >= ${utc(w.from)} OR NOT EXISTS (
        SELECT 1 FROM "CaseEvent" x WHERE x."caseId" = f."caseId" AND x.type IN ('CLAIMED', 'ASSIGNED') AND x."createdAt" < ${utc(w.from)}))
    )
    SELECT day AS date, count(*)::int AS count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90
    FROM picked GROUP BY GROUPING SETS ((day), ())`;
}

/** Creation → decision for cases decided (APPROVED/REJECTED, as they stand now) in the window, by decision day. */
export function decisionTimings(w: DayWindow): Promise<TimingRow[]> {
  return db.$queryRaw<TimingRow[]>`
    WITH decided AS (
      SELECT to_char("decidedAt", 'YYYY-MM-DD') AS day, extract(epoch FROM "decidedAt" - "createdAt")::float8 AS secs
      FROM "ReviewCase"
      WHERE "decidedAt" >= ${utc(w.from)} AND "decidedAt" < ${utc(w.to)} AND status IN ('APPROVED', 'REJECTED')
    )
    SELECT day AS date, count(*)::int AS count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90
    FROM decided GROUP BY GROUPING SETS ((day), ())`;
}

/** SLA_BREACHED timeline events per day (one per breach: a customer's reply resets the mark). */
export function breachesPerDay(w: DayWindow): Promise<{ date: string; breaches: number }[]> {
  return db.$queryRaw`
    SELECT to_char("createdAt", 'YYYY-MM-DD') AS date, count(*)::int AS breaches
    FROM "CaseEvent"
    WHERE type = 'SLA_BREACHED' AND "createdAt" >= ${utc(w.from)} AND "createdAt" < ${utc(w.to)}
    GROUP BY 1`;
}

const EVENT_KIND: Record<string, DecisionKind> = {
  APPROVED: "APPROVED",
  REJECTED: "REJECTED",
  RESUBMISSION_REQUESTED: "RESUBMISSION_REQUESTED",
  ESCALATED: "ESCALATED",
  APPROVAL_REQUESTED: "SECOND_APPROVAL_REQUESTED",
};

export interface DecisionCountRow {
  staffId: string;
  date: string;
  kind: DecisionKind;
  count: number;
}

/** Decision events per staff member, day and kind (the actor of the timeline event decided). */
export async function decisionCounts(w: DayWindow): Promise<DecisionCountRow[]> {
  const rows = await db.$queryRaw<{ staffId: string; date: string; type: string; count: number }[]>`
    SELECT "actorId"::text AS "staffId", to_char("createdAt", 'YYYY-MM-DD') AS date, type::text AS type, count(*)::int AS count
    FROM "CaseEvent"
    WHERE type IN ('APPROVED', 'REJECTED', 'RESUBMISSION_REQUESTED', 'ESCALATED', 'APPROVAL_REQUESTED')
      AND "createdAt" >= ${utc(w.from)} AND "createdAt" < ${utc(w.to)} AND "actorId" IS NOT NULL
    GROUP BY 1, 2, 3`;
  return rows.map((r) => ({ staffId: r.staffId, date: r.date, kind: EVENT_KIND[r.type], count: r.count }));
}

const OUTCOME: Record<InboundEmailStatus, InboundOutcome> = {
  PROCESSED: "matched",
  UNMATCHED: "unmatched",
  REJECTED: "rejected",
  FAILED: "failed",
  RECEIVED: "pending",
  PROCESSING: "pending",
};

/** Inbound emails received per day and outcome (status as it is now). */
export async function inboundCounts(w: DayWindow): Promise<{ date: string; outcome: InboundOutcome; count: number }[]> {
  const rows = await db.$queryRaw<{ date: string; status: InboundEmailStatus; count: number }[]>`
    SELECT to_char("receivedAt", 'YYYY-MM-DD') AS date, status::text AS status, count(*)::int AS count
    FROM "InboundEmail"
    WHERE "receivedAt" >= ${utc(w.from)} AND "receivedAt" < ${utc(w.to)}
    GROUP BY 1, 2`;
  return rows.map((r) => ({ date: r.date, outcome: OUTCOME[r.status], count: r.count }));
}
