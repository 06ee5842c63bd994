import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { StaffActor } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import type { CasePriority, CaseStatus, StaffRole } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { formatCaseRef } from "./case-ref";
import type { ClaimResult } from "./queue-types";
import { assertVersion, caseNumberOf, CASE_TARGET, lockCase, parseInput, staffIdOf, ZCaseRefText, type LockedCase } from "./shared";

// Claiming: an agent takes an unassigned case. claimNext picks the most urgent one with
// FOR UPDATE SKIP LOCKED, so concurrent claimers each lock a different row and never wait on
// one another; claimCase takes one named case and answers 409 when someone was quicker.
// Auto-assignment (auto-assign.ts) picks and applies cases with the same lockNext and applyClaim.

type Opts = { request?: RequestContext; now?: Date };

/** NEW → IN_REVIEW; an escalated case stays ESCALATED (a supervisor now owns it). */
const statusAfterClaim = (s: CaseStatus): CaseStatus => (s === "NEW" ? "IN_REVIEW" : s);

/** What each role may claim, most wanted first: agents new cases; supervisors escalated ones, then new ones. */
export function claimableStatuses(role: StaffRole): CaseStatus[] {
  return role === "SUPERVISOR" ? ["ESCALATED", "NEW"] : ["NEW"];
}

/**
 * Who gets the case, who is recorded as doing it, and how: the same staff member for claims;
 * for auto-assignment the audit actor is the system and the entry names the assignee.
 */
export interface ClaimBy {
  assigneeId: string;
  auditActor: Actor;
  via: "next" | "direct" | "auto";
}

const byStaff = (staff: StaffActor, via: "next" | "direct"): ClaimBy => ({ assigneeId: staffIdOf(staff), auditActor: staff, via });

/** Assigns a locked, unassigned case: NEW → IN_REVIEW, version + 1, a CLAIMED event and the `case.claimed` audit entry (last). */
export async function applyClaim(tx: Tx, by: ClaimBy, c: LockedCase, opts: Opts): Promise<ClaimResult> {
  const { assigneeId, via } = by;
  const now = opts.now ?? new Date();
  const status = statusAfterClaim(c.status);
  const updated = await tx.reviewCase.update({
    where: { id: c.id },
    data: { assigneeId, claimedAt: now, status, version: { increment: 1 } },
    select: { version: true },
  });
  // The event's actor is the case's new owner, whoever made the claim (the timeline reads "Claimed by …").
  await tx.caseEvent.create({ data: { caseId: c.id, type: "CLAIMED", actorId: assigneeId, data: { via, statusBefore: c.status, statusAfter: status } } });
  await appendAudit(tx, {
    action: "case.claimed",
    actor: by.auditActor,
    target: { type: CASE_TARGET, id: c.id },
    caseId: c.id,
    accountId: c.accountId,
    request: opts.request,
    data: { caseId: c.id, ref: c.ref, via, statusBefore: c.status, statusAfter: status, ...(via === "auto" ? { assigneeId } : {}) },
  });
  return { case: { id: c.id, ref: c.ref, version: updated.version } };
}

interface Candidate {
  id: string;
  number: number;
  accountId: string;
  status: CaseStatus;
  priority: CasePriority;
  version: number;
}

/** The most urgent unassigned case in `status` nobody else has locked (index: status, priority DESC, slaDueAt, id). */
export async function lockNext(tx: Tx, status: CaseStatus): Promise<LockedCase | null> {
  const [row] = await tx.$queryRaw<Candidate[]>`
    SELECT id::text AS id, number, "accountId"::text AS "accountId", status::text AS status, priority::text AS priority, version
    FROM "ReviewCase"
    WHERE status = ${status}::"CaseStatus" AND "assigneeId" IS NULL
    ORDER BY "ReviewCase".priority DESC, "ReviewCase"."slaDueAt" ASC, "ReviewCase".id ASC
    LIMIT 1
    FOR UPDATE SKIP LOCKED`;
  return row ? { ...row, ref: formatCaseRef(row.number), assigneeId: null } : null;
}

/**
 * Gives the caller the most urgent claimable case (priority, then SLA due, then age): NEW and
 * unassigned; supervisors take unassigned ESCALATED cases first. One transaction: lock, assign,
 * timeline event, audit. `{ case: null }` when nothing is left. Needs case.claim.
 */
export async function claimNext(actor: Actor, opts: Opts = {}): Promise<ClaimResult> {
  const { actor: staff } = await requireStaff(actor, "case.claim", { request: opts.request });
  return db.$transaction(async (tx) => {
    for (const status of claimableStatuses(staff.role)) {
      const next = await lockNext(tx, status);
      if (next) return applyClaim(tx, byStaff(staff, "next"), next, opts);
    }
    return { case: null };
  });
}

export const ZClaimCaseInput = z.strictObject({
  ref: ZCaseRefText,
  version: z.number("version: the case version you saw").int().min(1).optional(),
});
export type TClaimCaseInput = { ref: string; version?: number };

/**
 * Claims one specific unassigned case (from the queue list). 409 when it is assigned already —
 * to the caller or anyone else — when `version` is stale, or when its status cannot be claimed
 * (decided, waiting for a second approval; ESCALATED is for supervisors). Needs case.claim.
 */
export async function claimCase(actor: Actor, input: TClaimCaseInput, opts: Opts = {}): Promise<ClaimResult> {
  const { actor: staff } = await requireStaff(actor, "case.claim", { request: opts.request });
  const { ref, version } = parseInput(ZClaimCaseInput, input);
  const number = caseNumberOf(ref);
  const staffId = staffIdOf(staff);
  return db.$transaction(async (tx) => {
    const c = await lockCase(tx, number);
    if (c.assigneeId) {
      const who = c.assigneeId === staffId ? "you" : "another staff member";
      throw new AppError("CONFLICT", `Case ${c.ref} is already assigned to ${who}.`, { ref: c.ref, currentVersion: c.version, assignedToYou: c.assigneeId === staffId });
    }
    assertVersion(c, version);
    const allowed: CaseStatus[] = [...claimableStatuses(staff.role), "AWAITING_CUSTOMER"];
    if (!allowed.includes(c.status)) {
      throw new AppError("CONFLICT", `Case ${c.ref} is ${c.status.toLowerCase().replaceAll("_", " ")} and cannot be claimed.`, { ref: c.ref, status: c.status });
    }
    return applyClaim(tx, byStaff(staff, "direct"), c, opts);
  });
}
