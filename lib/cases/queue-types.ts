import type { CasePriority, CaseStatus, RiskFlag } from "../generated/prisma/enums";

// The review queue's contract: what the UI (app/(console)/queue), the JSON API (/api/v1/cases)
// and the use cases in this folder exchange. Implementations: list-cases.ts, queue-counts.ts,
// claim.ts, assign.ts, notes.ts.

/** Saved views, each a preset of filters with a count in the queue's tabs. */
export const QUEUE_VIEWS = ["mine", "unassigned", "breaching", "awaiting_customer", "escalated", "open", "decided"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** Open = not decided. Decided cases leave the queue (they stay findable with status filters). */
export const OPEN_STATUSES: readonly CaseStatus[] = ["NEW", "IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED", "PENDING_SECOND_APPROVAL"];
export const DECIDED_STATUSES: readonly CaseStatus[] = ["APPROVED", "REJECTED"];

/**
 * The decided view is the archive: it grows without bound and counting it exactly would scan most
 * of the table on every queue load. It is counted up to this many + 1; a value above the cap
 * means "more than DECIDED_COUNT_CAP" (the UI shows "10,000+").
 */
export const DECIDED_COUNT_CAP = 10_000;

export const QUEUE_SORTS = ["urgency", "sla", "created", "updated"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** SLA state of an open case: breached, due within the warning window, or fine. */
export const SLA_STATES = ["breached", "due_soon", "ok"] as const;
export type SlaState = (typeof SLA_STATES)[number];

/**
 * What a caller sends (URL search params, JSON query); listCases validates it with zod and answers
 * 400 INVALID_INPUT naming the field. Every field optional; `view` presets, the others narrow.
 */
export interface QueueQueryInput {
  view?: string;
  /** One or more CaseStatus values. */
  status?: string | string[];
  /** A staff id, "me" or "none". */
  assignee?: string;
  priority?: string | string[];
  sla?: string;
  /** Cases carrying every listed flag. */
  risk?: string | string[];
  /** ISO dates (inclusive from, exclusive to) on createdAt. */
  createdFrom?: string;
  createdTo?: string;
  /** Free text: a case reference (GH-000123), an account uid, or a bound email (exact or prefix). */
  q?: string;
  sort?: string;
  /** "asc" | "desc"; each sort has a natural default (urgency: most urgent first). */
  dir?: string;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  /** 1–100, default 50. */
  limit?: number | string;
}

export interface QueueRow {
  id: string;
  ref: string;
  status: CaseStatus;
  priority: CasePriority;
  riskFlags: RiskFlag[];
  account: { uid: string; email: string | null; realName: string | null };
  assignee: { id: string; name: string } | null;
  slaDueAt: string;
  slaBreachedAt: string | null;
  slaState: SlaState | null;
  createdAt: string;
  updatedAt: string;
  claimedAt: string | null;
  /** Documents agents can look at (ACCEPTED or PREVIEW_UNAVAILABLE). */
  documentCount: number;
  version: number;
}

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: string | null;
  /** The filters as applied after defaults (what the UI shows as active). */
  applied: { view: QueueView | null; sort: QueueSort; dir: "asc" | "desc"; limit: number };
}

/** countedAt: when the shared views were counted (they are recounted at most every QUEUE_COUNTS_MAX_AGE_SECONDS; "mine" is live). */
export type QueueCounts = Record<QueueView, number> & { unmatchedEmails: number; countedAt: string };

export interface ClaimResult {
  /** null: nothing left to claim. */
  case: { id: string; ref: string; version: number } | null;
}

export interface AssignResult {
  assigned: { ref: string; version: number; assigneeId: string | null }[];
}
