import { config } from "../config";
import { db, type Prisma } from "../db";
import type { CaseStatus, VettingVerdict } from "../generated/prisma/enums";
import { formatCaseRef } from "./case-ref";
import type { QueueRow, SlaState } from "./queue-types";
import { isOpenStatus } from "./shared";

// One queue row as the list, the workspace and the API show it: the select, the mapping, and the
// per-page document counts.

/** Documents agents can look at; the others were refused by vetting or are still pending. */
export const VIEWABLE_VERDICTS: VettingVerdict[] = ["ACCEPTED", "PREVIEW_UNAVAILABLE"];

export const queueRowSelect = {
  id: true,
  number: true,
  status: true,
  priority: true,
  riskFlags: true,
  slaDueAt: true,
  slaBreachedAt: true,
  createdAt: true,
  updatedAt: true,
  claimedAt: true,
  version: true,
  account: { select: { uid: true, email: true, realName: true } },
  assignee: { select: { id: true, name: true } },
} as const satisfies Prisma.ReviewCaseSelect;
// Document counts are read for a page's ids afterwards (documentCounts): a relation _count in
// this select made Prisma aggregate the whole Document table on every queue page (0.3–0.8 s at
// 1M cases).

export type QueueRowRecord = Prisma.ReviewCaseGetPayload<{ select: typeof queueRowSelect }>;

/** Breached (marked, or past due), due within the warning window, or fine; null once decided. */
export function slaStateOf(c: { status: CaseStatus; slaDueAt: Date; slaBreachedAt: Date | null }, now: Date): SlaState | null {
  if (!isOpenStatus(c.status)) return null;
  if (c.slaBreachedAt || c.slaDueAt.getTime() < now.getTime()) return "breached";
  if (c.slaDueAt.getTime() - now.getTime() <= config.CASE_SLA_WARNING_MINUTES * 60_000) return "due_soon";
  return "ok";
}

export function toQueueRow(r: QueueRowRecord, now: Date, documentCount: number): QueueRow {
  return {
    id: r.id,
    ref: formatCaseRef(r.number),
    status: r.status,
    priority: r.priority,
    riskFlags: r.riskFlags,
    account: { uid: r.account.uid, email: r.account.email, realName: r.account.realName },
    assignee: r.assignee ? { id: r.assignee.id, name: r.assignee.name } : null,
    slaDueAt: r.slaDueAt.toISOString(),
    slaBreachedAt: r.slaBreachedAt?.toISOString() ?? null,
    slaState: slaStateOf(r, now),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    claimedAt: r.claimedAt?.toISOString() ?? null,
    documentCount,
    version: r.version,
  };
}

/** Viewable documents per case, for the given cases only (one indexed query on Document.caseId). */
export async function documentCounts(caseIds: string[]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.document.groupBy({ by: ["caseId"], where: { caseId: { in: caseIds }, verdict: { in: VIEWABLE_VERDICTS } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.caseId as string, r._count._all]));
}
