import type { CaseStatus } from "../generated/prisma/enums";

// The dashboard's contract: what getDashboard returns to the page (app/(console)/page.tsx) and
// to GET /api/v1/dashboard. Days are UTC calendar days ("2026-12-07"), oldest first, zero-filled.

export const DASHBOARD_DAYS = { min: 1, max: 90, default: 14 } as const;
/** "Due soon" on the dashboard: open, not yet breached, due within this many minutes. */
export const DUE_SOON_MINUTES = 30;

export const BACKLOG_STATUSES = ["NEW", "IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED", "PENDING_SECOND_APPROVAL"] as const satisfies readonly CaseStatus[];
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];

/**
 * What a staff member decided, from the case timeline. A risky approval is two decisions: the
 * agent's SECOND_APPROVAL_REQUESTED, then the approving supervisor's APPROVED.
 */
export const DECISION_KINDS = ["APPROVED", "REJECTED", "RESUBMISSION_REQUESTED", "ESCALATED", "SECOND_APPROVAL_REQUESTED"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** Inbound email outcome: PROCESSED = matched to an account; RECEIVED/PROCESSING = pending. */
export const INBOUND_OUTCOMES = ["matched", "unmatched", "rejected", "failed", "pending"] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

export interface BacklogRow {
  status: BacklogStatus;
  total: number;
  unassigned: number;
}

/** Median and 90th percentile (seconds, continuous percentiles) of `count` durations; null when count is 0. */
export interface TimingStat {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface TimingSeries {
  overall: TimingStat;
  perDay: (TimingStat & { date: string })[];
}

export type DecisionCounts = Record<DecisionKind, number>;

export interface AgentDecisions {
  staffId: string;
  name: string;
  total: number;
  byKind: DecisionCounts;
  perDay: { date: string; count: number }[];
}

export interface Dashboard {
  /** Inclusive first day and exclusive end (the next UTC midnight after `now`). */
  window: { days: number; from: string; to: string; dates: string[]; generatedAt: string };
  backlog: { total: number; unassigned: number; byStatus: BacklogRow[] };
  sla: {
    /** Open cases past their due time, marked or not yet marked by the SLA job. */
    breachingNow: number;
    dueSoon: number;
    dueSoonMinutes: number;
    /** SLA_BREACHED timeline events (the SLA job marks each breach once) per day. */
    breachesPerDay: { date: string; breaches: number }[];
    breachesTotal: number;
  };
  /** Case creation → first claim or assignment, by the day it happened. */
  timeToFirstClaim: TimingSeries;
  /** Case creation → final decision (APPROVED/REJECTED as the case stands now), by decision day. */
  timeToDecision: TimingSeries;
  decisions: {
    total: number;
    perDay: (DecisionCounts & { date: string; total: number })[];
    /** Most decisions first. */
    agents: AgentDecisions[];
  };
  inbound: {
    total: number;
    perDay: (Record<InboundOutcome, number> & { date: string; total: number })[];
  };
}
