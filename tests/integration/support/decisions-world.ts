// Cases ready for a decision (lib/cases/decide.ts, second-approval.ts, reopen.ts): an account with
// a PENDING device, an IN_REVIEW case about it held by someone, the identity service's webhook
// endpoint subscribed to case and device events, and a snapshot of everything a decision writes
// (so a refused decision can be shown to have written nothing).
import { randomUUID } from "node:crypto";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { db, type CaseStatus, type RiskFlag } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import { decidedAtFor, makeAccount, makeDevice, type AccountOpts } from "../../support/devices-world";

export interface DecisionCaseOpts extends AccountOpts {
  assigneeId?: string | null;
  status?: CaseStatus;
  riskFlags?: RiskFlag[];
  /** false: a case about no device. */
  withDevice?: boolean;
}

export interface DecisionWorld {
  caseId: string;
  ref: string;
  accountId: string;
  accountUid: string;
  email: string;
  deviceId: string | null;
  deviceExternalId: string | null;
}

/** An account with a PENDING device and a case about it (IN_REVIEW unless told), version 1. */
export async function makeDecisionCase(opts: DecisionCaseOpts = {}): Promise<DecisionWorld> {
  const account = await makeAccount(opts);
  const { email } = await db.account.findUniqueOrThrow({ where: { id: account.id }, select: { email: true } });
  const device = opts.withDevice === false ? null : await makeDevice(account.id);
  const row = await db.reviewCase.create({
    data: {
      accountId: account.id,
      deviceId: device?.id ?? null,
      status: opts.status ?? "IN_REVIEW",
      decidedAt: decidedAtFor(opts.status),
      assigneeId: opts.assigneeId ?? null,
      riskFlags: opts.riskFlags ?? [],
      slaDueAt: new Date(Date.now() + 3_600_000),
    },
    select: { id: true, number: true },
  });
  return { caseId: row.id, ref: formatCaseRef(row.number), accountId: account.id, accountUid: account.uid, email, deviceId: device?.id ?? null, deviceExternalId: device?.externalId ?? null };
}

/** The identity service's endpoint: every case.decided and device.authorized event becomes a delivery and an outbox row. */
export async function makeDecisionWebhookEndpoint(): Promise<{ id: string }> {
  return db.webhookEndpoint.create({
    data: { name: "identity service", url: "http://127.0.0.1:9/webhooks", secret: `whsec_${randomUUID()}`, events: ["case.decided", "device.authorized", "device.revoked"] },
    select: { id: true },
  });
}

/** The AppError a promise rejects with (fails the test when it resolves). */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!err) throw new Error("expected a refusal");
  return err as AppError;
}

export const caseRow = (id: string) =>
  db.reviewCase.findUniqueOrThrow({
    where: { id },
    select: { status: true, version: true, assigneeId: true, decidedById: true, decidedAt: true, decisionNote: true, rejectReasons: true, reopenedAt: true, claimedAt: true },
  });

export const deviceStatus = async (id: string | null) => (id ? (await db.device.findUniqueOrThrow({ where: { id }, select: { status: true } })).status : null);

/** Webhook deliveries of one event type about one case (case.decided carries caseId, device.authorized a caseRef). */
export async function caseDeliveries(w: DecisionWorld, eventType: "case.decided" | "device.authorized") {
  const rows = await db.webhookDelivery.findMany({ where: { eventType }, orderBy: { createdAt: "asc" } });
  return rows.filter((r) => {
    const data = (r.payload as { data?: { caseId?: string; caseRef?: string } }).data;
    return data?.caseId === w.caseId || data?.caseRef === w.ref;
  });
}

/** Outbox rows that would deliver these webhook deliveries. */
export async function webhookOutbox(deliveryIds: string[]) {
  const rows = await db.outboxMessage.findMany({ where: { jobName: "webhooks.deliver" } });
  return rows.filter((r) => deliveryIds.includes((r.payload as { deliveryId?: string }).deliveryId ?? ""));
}

/** Customer emails queued for the case, each with its email.send outbox row. */
export async function caseEmails(caseId: string) {
  const emails = await db.outboundEmail.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } });
  const outbox = await db.outboxMessage.findMany({ where: { jobName: "email.send" } });
  return emails.map((e) => ({ ...e, outbox: outbox.filter((o) => (o.payload as { outboundEmailId?: string }).outboundEmailId === e.id) }));
}

/**
 * Everything a decision on this case could write: the case row, its device, timeline, approval
 * requests, emails, webhook deliveries, outbox and audit entries (refusals aside: auth.denied is
 * written on purpose, in its own transaction).
 */
export async function snapshot(w: DecisionWorld) {
  return {
    case: await caseRow(w.caseId),
    device: await deviceStatus(w.deviceId),
    events: await db.caseEvent.count({ where: { caseId: w.caseId } }),
    approvals: await db.approvalRequest.findMany({ where: { caseId: w.caseId }, select: { id: true, status: true }, orderBy: { createdAt: "asc" } }),
    emails: await db.outboundEmail.count({ where: { caseId: w.caseId } }),
    deliveries: await db.webhookDelivery.count(),
    outbox: await db.outboxMessage.count(),
    audits: await db.auditEntry.count({ where: { action: { not: "auth.denied" }, OR: [{ caseId: w.caseId }, { accountId: w.accountId }] } }),
  };
}

/** An API request to a case route with a Bearer token (and the step-up code when the caller has one). */
export function caseRequest(ref: string, action: string, headers: Record<string, string>, body: unknown): [Request, { params: Promise<{ ref: string }> }] {
  return [
    new Request(`http://localhost/api/v1/cases/${ref}/${action}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ ref }) },
  ];
}
