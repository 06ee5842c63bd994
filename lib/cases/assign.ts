import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { StaffActor } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import type { CaseStatus, StaffRole } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { formatCaseRef } from "./case-ref";
import type { AssignResult } from "./queue-types";
import { assertVersion, caseNumberOf, CASE_TARGET, isDecidedStatus, lockCases, parseInput, staffIdOf, ZCaseRefText, type LockedCase } from "./shared";

// Supervisors assign, reassign, bulk-assign and release cases (case.assign). One transaction for
// the whole batch: every case is locked, checked, changed, put on its timeline and audited, or
// none is.

type Opts = { request?: RequestContext; now?: Date };

/** Roles that work cases (hold case.claim): the only ones a case can be assigned to. */
export const ASSIGNABLE_ROLES: StaffRole[] = ["AGENT", "SUPERVISOR"];
export const MAX_BULK_ASSIGN = 100;

export const ZAssignCasesInput = z
  .strictObject({
    refs: z.array(ZCaseRefText, "refs: a list of case references").min(1, "refs: at least one case").max(MAX_BULK_ASSIGN, `refs: at most ${MAX_BULK_ASSIGN} cases at once`),
    assigneeId: z.uuid("assigneeId: a staff id, or null to release").transform((s) => s.toLowerCase()).nullable(),
    version: z.number("version: the case version you saw").int().min(1).optional(),
  })
  .refine((v) => v.version === undefined || v.refs.length === 1, { path: ["version"], message: "version: only with a single case" });
export type TAssignCasesInput = { refs: string[]; assigneeId: string | null; version?: number };

export interface AssignableStaff {
  id: string;
  name: string;
  role: StaffRole;
}

async function checkAssignee(tx: Tx, assigneeId: string): Promise<void> {
  const s = await tx.staffUser.findUnique({ where: { id: assigneeId }, select: { status: true, role: true } });
  if (!s || s.status !== "ACTIVE" || !ASSIGNABLE_ROLES.includes(s.role)) {
    throw new AppError("INVALID_INPUT", "Cases can be assigned only to active agents and supervisors.", { fields: [{ path: "assigneeId", message: "not an active agent or supervisor" }] });
  }
}

/** Assigned: a new case counts as taken up (IN_REVIEW). Released: a case in review goes back to NEW. */
function statusAfter(c: LockedCase, assigneeId: string | null): CaseStatus {
  if (assigneeId && c.status === "NEW") return "IN_REVIEW";
  if (!assigneeId && c.status === "IN_REVIEW") return "NEW";
  return c.status;
}

async function assignOne(tx: Tx, staff: StaffActor, c: LockedCase, assigneeId: string | null, bulk: boolean, opts: Opts) {
  if (c.assigneeId === assigneeId) return { ref: c.ref, version: c.version, assigneeId };
  const status = statusAfter(c, assigneeId);
  const now = opts.now ?? new Date();
  const updated = await tx.reviewCase.update({
    where: { id: c.id },
    data: { assigneeId, claimedAt: assigneeId ? now : null, status, version: { increment: 1 } },
    select: { version: true },
  });
  await tx.caseEvent.create({
    data: { caseId: c.id, type: assigneeId ? "ASSIGNED" : "RELEASED", actorId: staffIdOf(staff), data: { assigneeBefore: c.assigneeId, assigneeAfter: assigneeId, statusBefore: c.status, statusAfter: status } },
  });
  await appendAudit(tx, {
    action: "case.assigned",
    actor: staff,
    target: { type: CASE_TARGET, id: c.id },
    caseId: c.id,
    accountId: c.accountId,
    request: opts.request,
    data: { caseId: c.id, ref: c.ref, assigneeBefore: c.assigneeId, assigneeAfter: assigneeId, bulk, statusBefore: c.status, statusAfter: status },
  });
  return { ref: c.ref, version: updated.version, assigneeId };
}

/**
 * Assigns up to 100 cases to one agent or supervisor, or releases them to the queue
 * (`assigneeId: null`). Decided cases are refused (409), unknown references are 404, and with one
 * case a `version` makes a stale tab's write a 409. A case already with that assignee is left as
 * it is. Needs case.assign (supervisors).
 */
export async function assignCases(actor: Actor, input: TAssignCasesInput, opts: Opts = {}): Promise<AssignResult> {
  const { actor: staff } = await requireStaff(actor, "case.assign", { request: opts.request });
  const { refs, assigneeId, version } = parseInput(ZAssignCasesInput, input);
  const numbers = [...new Set(refs.map((r, i) => caseNumberOf(r, `refs.${i}`)))];
  const bulk = numbers.length > 1;
  return db.$transaction(async (tx) => {
    if (assigneeId) await checkAssignee(tx, assigneeId);
    const locked = await lockCases(tx, numbers);
    const byNumber = new Map(locked.map((c) => [c.number, c]));
    const missing = numbers.filter((n) => !byNumber.has(n)).map(formatCaseRef);
    if (missing.length) throw new AppError("NOT_FOUND", `No such case: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? "…" : ""}.`, { missing });
    const decided = locked.filter((c) => isDecidedStatus(c.status)).map((c) => c.ref);
    if (decided.length) throw new AppError("CONFLICT", `Decided cases cannot be assigned: ${decided.slice(0, 5).join(", ")}${decided.length > 5 ? "…" : ""}.`, { decided });
    if (version !== undefined) assertVersion(locked[0], version);
    const assigned = [];
    // In the order the caller gave them.
    for (const n of numbers) assigned.push(await assignOne(tx, staff, byNumber.get(n)!, assigneeId, bulk, opts));
    return { assigned };
  });
}

/** Who a supervisor can assign cases to: active agents and supervisors, by name. Needs case.assign. */
export async function listAssignableStaff(actor: Actor, opts: Opts = {}): Promise<AssignableStaff[]> {
  await requireStaff(actor, "case.assign", { request: opts.request });
  return db.staffUser.findMany({
    where: { status: "ACTIVE", role: { in: ASSIGNABLE_ROLES } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, role: true },
  });
}
