import type { AuditActionData } from "../audit/actions";
import type { StaffActor } from "../auth/authorize";
import type { Db, Tx } from "../db";
import { queueOutbound, type QueueOutboundInput } from "../email/queue-outbound";
import { AppError } from "../errors";
import type { CaseStatus } from "../generated/prisma/enums";
import type { LinkedCase } from "../devices/case-link";
import type { PendingAudit } from "../devices/events";
import type { RequestContext } from "../http/request-context";
import { emitWebhookEvent } from "../webhooks/emit";
import { formatCaseRef } from "./case-ref";
import { CASE_TARGET } from "./shared";

// Helpers for the decision use cases (decide.ts, decide-approve.ts, second-approval.ts,
// reopen.ts). Not use cases: no permission checks here; everything runs in the caller's transaction.

const decisionSelect = {
  id: true,
  number: true,
  accountId: true,
  deviceId: true,
  status: true,
  priority: true,
  assigneeId: true,
  version: true,
  riskFlags: true,
  decidedAt: true,
  decidedById: true,
  rejectReasons: true,
  decisionNote: true,
} as const;

type DecisionRow = NonNullable<Awaited<ReturnType<typeof readRow>>>;
export type DecisionCase = DecisionRow & { ref: string };

const readRow = (client: Db | Tx, number: number) => client.reviewCase.findUnique({ where: { number }, select: decisionSelect });

/** The case as a decision sees it; with `lock` (inside a transaction) its row stays locked FOR UPDATE until commit. */
export async function readDecisionCase(client: Db | Tx, number: number, opts: { lock?: boolean } = {}): Promise<DecisionCase> {
  if (opts.lock) await client.$queryRaw`SELECT 1 AS locked FROM "ReviewCase" WHERE number = ${number} FOR UPDATE`;
  const row = await readRow(client, number);
  if (!row) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`);
  return { ...row, ref: formatCaseRef(row.number) };
}

/** 409 when the caller saw another version of the case: nothing is written. */
export function assertCaseVersion(c: DecisionCase, version: number): void {
  if (c.version !== version) {
    throw new AppError("CONFLICT", `Case ${c.ref} changed since you opened it (version ${version}, now ${c.version}): reload and decide again.`, { ref: c.ref, currentVersion: c.version });
  }
}

/** Inside the transaction: the locked row must be the one the permission checks saw (same version, status, assignee, device). */
export function assertCaseUnchanged(before: DecisionCase, now: DecisionCase): void {
  assertCaseVersion(now, before.version);
  if (now.status !== before.status || now.assigneeId !== before.assigneeId || now.deviceId !== before.deviceId) {
    throw new AppError("CONFLICT", `Case ${now.ref} changed since you opened it: reload and decide again.`, { ref: now.ref, currentVersion: now.version });
  }
}

export const describeStatus = (s: CaseStatus): string => s.toLowerCase().replaceAll("_", " ");

/** What lib/devices needs to know about the case an authorisation goes through (as lib/devices/case-link.ts builds it). */
export const linkedCaseOf = (c: DecisionCase): LinkedCase => ({ id: c.id, number: c.number, ref: c.ref, accountId: c.accountId, deviceId: c.deviceId, assigneeId: c.assigneeId, status: c.status, riskFlags: c.riskFlags });

/** A template with its own variables (one member per template, as queueOutbound takes them). */
type Message = QueueOutboundInput extends infer U ? (U extends QueueOutboundInput ? Pick<U, "template" | "variables"> : never) : never;

/**
 * Queues a decision email to the account's bound address, threaded under the customer's latest
 * email on the case, in the account's language. Staff-initiated: lib/email's automatic-reply
 * limits do not apply, its address rules do (a suppression is audited there). The id, or null
 * when suppressed. Call before the caller's own audit entries (queueOutbound appends one).
 */
export async function queueDecisionEmail(tx: Tx, c: DecisionCase, staff: StaffActor, build: (customerName: string | null) => Message): Promise<string | null> {
  const account = await tx.account.findUniqueOrThrow({ where: { id: c.accountId }, select: { email: true, realName: true } });
  const last = await tx.inboundEmail.findFirst({
    where: { caseId: c.id, messageId: { not: null } },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    select: { id: true, messageId: true, references: true },
  });
  const res = await queueOutbound(tx, {
    ...build(account.realName),
    toAddress: account.email,
    accountId: c.accountId,
    caseId: c.id,
    // Staff-initiated: the inbound headers only matter to automatic replies, which this is not.
    inReplyTo: last ? { id: last.id, messageId: last.messageId, references: last.references, headers: {} } : null,
    actor: staff,
  });
  return "id" in res ? res.id : null;
}

/** The device's model, as the customer knows it ("your Pixel 9"); null lets the template say "new device". */
export async function deviceNameOf(tx: Tx, deviceId: string | null): Promise<string | null> {
  if (!deviceId) return null;
  return (await tx.device.findUnique({ where: { id: deviceId }, select: { model: true } }))?.model ?? null;
}

/**
 * Tells the identity service a case was decided: ids, reference, decision and reason codes only
 * (the event carries no personal data). One id per case version, so emitting twice is a no-op.
 */
export async function emitCaseDecided(
  tx: Tx,
  c: DecisionCase,
  args: { decision: "APPROVED" | "REJECTED"; reasonCodes: string[]; versionAfter: number; approvalId: string | null; now: Date },
): Promise<string> {
  const device = c.deviceId ? await tx.device.findUnique({ where: { id: c.deviceId }, select: { externalId: true } }) : null;
  const account = await tx.account.findUniqueOrThrow({ where: { id: c.accountId }, select: { uid: true } });
  const event = await emitWebhookEvent(tx, {
    type: "case.decided",
    id: `case.decided:${c.id}:${args.versionAfter}`,
    occurredAt: args.now,
    data: {
      caseId: c.id,
      caseRef: c.ref,
      decision: args.decision,
      reasonCodes: args.reasonCodes,
      accountUid: account.uid,
      deviceId: c.deviceId,
      deviceExternalId: device?.externalId ?? null,
      approvalId: args.approvalId,
      decidedAt: args.now.toISOString(),
    },
  });
  return event.eventId;
}

/** The `case.decided` audit entry (ids, codes and statuses only: never the note). */
export function caseDecidedAudit(
  staff: StaffActor,
  c: DecisionCase,
  d: Pick<AuditActionData["case.decided"], "decision" | "statusAfter" | "reasonCodes" | "approvalId" | "override" | "versionAfter">,
  request?: RequestContext,
): PendingAudit {
  return {
    action: "case.decided",
    actor: staff,
    target: { type: CASE_TARGET, id: c.id },
    caseId: c.id,
    accountId: c.accountId,
    request,
    data: { caseId: c.id, ref: c.ref, statusBefore: c.status, deviceId: c.deviceId, riskFlags: c.riskFlags, ...d },
  };
}
