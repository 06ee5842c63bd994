import { z } from "zod";
import type { StaffActor } from "../auth/authorize";
import { Prisma, type Tx } from "../db";
import { AppError } from "../errors";
import type { CasePriority, CaseStatus } from "../generated/prisma/enums";
import { formatCaseRef, parseCaseRef } from "./case-ref";
import { DECIDED_STATUSES, OPEN_STATUSES } from "./queue-types";

// Helpers for the review-queue use cases in this folder. Not a use case: no permission checks here.

/** Validates a use case's input (one helper for every use case folder). */
export { parseInput } from "../http/parse-input";

/** Audit target type of a ReviewCase (intake uses the same). */
export const CASE_TARGET = "ReviewCase";

/** The staff member behind a staff actor (signed in, or through one of their API tokens). */
export function staffIdOf(actor: StaffActor): string {
  return actor.type === "STAFF" ? actor.id : actor.staffId;
}

/** A time parameter for raw SQL on the timestamp(3) columns, which hold UTC. */
export const utc = (d: Date): Prisma.Sql => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export const isOpenStatus = (s: CaseStatus): boolean => OPEN_STATUSES.includes(s);
export const isDecidedStatus = (s: CaseStatus): boolean => DECIDED_STATUSES.includes(s);

/** A case reference as callers send it ("GH-000123"); 400 naming `field` when it is not one. */
export const ZCaseRefText = z.string().trim().min(1, "Give a case reference such as GH-000123.").max(40, "Not a case reference.");

export function caseNumberOf(ref: unknown, field = "ref"): number {
  const n = typeof ref === "string" ? parseCaseRef(ref) : null;
  if (n === null) throw new AppError("INVALID_INPUT", "A case reference looks like GH-000123.", { fields: [{ path: field, message: "not a case reference" }] });
  return n;
}

/** The columns the write use cases check, as the row is now. */
export interface LockedCase {
  id: string;
  number: number;
  ref: string;
  accountId: string;
  status: CaseStatus;
  priority: CasePriority;
  assigneeId: string | null;
  version: number;
}

type LockedRow = Omit<LockedCase, "ref">;

/**
 * Locks the cases with these numbers (FOR UPDATE, in id order so two bulk writers cannot
 * deadlock) until the caller's transaction ends. Missing numbers are simply absent.
 */
export async function lockCases(tx: Tx, numbers: number[]): Promise<LockedCase[]> {
  if (!numbers.length) return [];
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT id::text AS id, number, "accountId"::text AS "accountId", status::text AS status, priority::text AS priority,
           "assigneeId"::text AS "assigneeId", version
    FROM "ReviewCase" WHERE number = ANY(${numbers}::int[]) ORDER BY id FOR UPDATE`;
  return rows.map((r) => ({ ...r, ref: formatCaseRef(r.number) }));
}

/** One case, locked; NOT_FOUND when there is none. */
export async function lockCase(tx: Tx, number: number): Promise<LockedCase> {
  const [row] = await lockCases(tx, [number]);
  if (!row) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`);
  return row;
}

/** 409 when the caller saw an older version of the case (a stale tab). */
export function assertVersion(c: LockedCase, version: number | undefined): void {
  if (version !== undefined && version !== c.version) {
    throw new AppError("CONFLICT", `Case ${c.ref} changed since you loaded it (version ${version}, now ${c.version}). Reload and try again.`, {
      ref: c.ref,
      currentVersion: c.version,
    });
  }
}
