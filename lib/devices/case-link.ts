import type { StaffActor } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { formatCaseRef, parseCaseRef } from "../cases/case-ref";
import { FOUR_EYES_FLAGS } from "../cases/decision-types";
import type { Db, Tx } from "../db";
import { AppError } from "../errors";
import type { CaseStatus, RiskFlag } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import type { DeviceRow } from "./device-row";

// A device action taken "through" a review case: the case must be about this account (and this
// device, when it names one), and the actor must be its assignee — a supervisor may act on anyone's
// case (override). The assignee rule is the one lib/auth applies to case decisions (case.decide).

export interface LinkedCase {
  id: string;
  number: number;
  ref: string;
  accountId: string;
  deviceId: string | null;
  assigneeId: string | null;
  status: CaseStatus;
  riskFlags: RiskFlag[];
}

// Authorising through a rejected case, or one whose own approval still waits for a second
// supervisor, would go around that decision.
const NOT_FOR_AUTHORISING: Partial<Record<CaseStatus, string>> = {
  REJECTED: "was rejected",
  PENDING_SECOND_APPROVAL: "is waiting for a second approval",
};

async function loadCase(client: Db | Tx, number: number): Promise<LinkedCase | null> {
  const row = await client.reviewCase.findUnique({
    where: { number },
    select: { id: true, number: true, accountId: true, deviceId: true, assigneeId: true, status: true, riskFlags: true },
  });
  return row ? { ...row, ref: formatCaseRef(row.number) } : null;
}

/** The case named by a reference such as "GH-000123", checked against the device. */
export async function findCaseFor(client: Db | Tx, caseRef: string, device: DeviceRow, purpose: "authorize" | "revoke"): Promise<LinkedCase> {
  const number = parseCaseRef(caseRef);
  if (number === null) throw new AppError("INVALID_INPUT", "A case reference looks like GH-000123.", { fields: [{ path: "caseRef", message: "not a case reference" }] });
  const found = await loadCase(client, number);
  if (!found) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`, { fields: [{ path: "caseRef", message: "unknown case" }] });
  if (found.accountId !== device.accountId) throw new AppError("UNPROCESSABLE", `Case ${found.ref} belongs to another account.`, { fields: [{ path: "caseRef", message: "another account" }] });
  if (found.deviceId && found.deviceId !== device.id) {
    throw new AppError("UNPROCESSABLE", `Case ${found.ref} is about another device of this account.`, { fields: [{ path: "caseRef", message: "another device" }] });
  }
  const blocked = purpose === "authorize" ? NOT_FOR_AUTHORISING[found.status] : undefined;
  if (blocked) throw new AppError("CONFLICT", `Case ${found.ref} ${blocked}; a device cannot be authorised through it.`, { caseStatus: found.status });
  // A risky case's approval needs a second supervisor (lib/cases/decide-approve.ts): authorising
  // its device directly would go around the four eyes. An approved case has had them already.
  const risky = found.riskFlags.filter((f) => (FOUR_EYES_FLAGS as readonly RiskFlag[]).includes(f));
  if (purpose === "authorize" && risky.length && found.status !== "APPROVED") {
    throw new AppError("CONFLICT", `Case ${found.ref} has risk flags (${risky.join(", ")}) that need a second supervisor: approve the case itself, which asks for the second approval.`, {
      caseStatus: found.status,
      riskFlags: risky,
    });
  }
  return found;
}

/** Assignee only, supervisors override (audited refusal otherwise). Returns whether an override applied. */
export async function requireCaseAssignee(actor: StaffActor, linked: LinkedCase, request?: RequestContext): Promise<boolean> {
  const { override } = await requireStaff(actor, "case.decide", { resource: { type: "case", id: linked.id, assigneeId: linked.assigneeId }, request });
  return override;
}

/** Inside the transaction: the case must still be assigned and in the state the checks saw. */
export async function assertCaseUnchanged(tx: Tx, linked: LinkedCase): Promise<void> {
  const now = await loadCase(tx, linked.number);
  if (!now || now.assigneeId !== linked.assigneeId || now.status !== linked.status) {
    throw new AppError("CONFLICT", `Case ${linked.ref} changed while you were acting on it. Reload the page and try again.`);
  }
}
