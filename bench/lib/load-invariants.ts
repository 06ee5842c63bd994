// What must hold after the load run, counted (not just pass/fail) so each becomes a figure with
// target 0. The fault suite's checks (tests/faults/support/invariants.ts) run as they are, on the
// load's emails; the counts below are the load's own: they need the agents' record of what they
// claimed and decided, and cases decided more than once (resubmission, reply, decision).
import type { Db } from "../../lib/db";
import { checkInvariants, type Figures } from "../../tests/faults/support/invariants";
import type { AgentsResult } from "./load-agents";
import type { LoadAccount, SendResult } from "./load-mail";
import type { SinkStats } from "./load-services";
import type { WebhookReceiver } from "../../tests/support/webhook-receiver";

export interface LoadInvariants {
  lostEmails: number;
  extraInboundRows: number;
  duplicateCases: number;
  missingAttachments: number;
  missingObjects: number;
  casesDecidedTwice: number;
  doubleClaims: number;
  unrecordedDecisions: number;
  emailsNotSent: number;
  decisionEmailMismatches: number;
  webhooksNotDelivered: number;
  webhookRowsDuplicated: number;
  webhooksNeverReceived: number;
  smtpRepeats: number;
  webhookRepeats: number;
  webhookEvents: number;
  webhookIdsReceived: number;
  outboundEmails: number;
  replyThreading: Record<string, number>;
  fault: Figures;
}

const count = async (db: Db, sql: string) => Number((await db.$queryRawUnsafe<{ n: bigint }[]>(sql))[0].n);

export async function checkLoad(db: Db, a: { accounts: LoadAccount[]; sent: SendResult; agents: AgentsResult; sink: SinkStats; receiver: WebhookReceiver }): Promise<LoadInvariants> {
  const accepted = new Set(a.sent.deliveries.map((d) => d.messageId));
  const messages = a.sent.messages.filter((m) => accepted.has(m.messageId));
  const fault = await checkInvariants({
    emails: messages,
    accounts: a.accounts,
    results: a.sent.deliveries.map((d) => ({ delivery: { email: { messageId: d.messageId } }, id: d.id, duplicate: d.duplicate })),
    sinkMessageIds: a.sink.messageIds,
  });

  // Accepted emails that are not PROCESSED onto a case (or have no row at all).
  const rows = await db.inboundEmail.findMany({ select: { id: true, messageId: true, status: true, caseId: true } });
  const rowByMessage = new Map(rows.map((r) => [r.messageId ?? "", r]));
  const lostEmails = messages.filter((m) => {
    const r = rowByMessage.get(m.messageId);
    return !r || r.status !== "PROCESSED" || !r.caseId;
  }).length;
  const extraInboundRows = Math.max(0, rows.length - messages.length);
  const duplicateCases = await count(db, `SELECT COALESCE(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM "ReviewCase" GROUP BY "accountId") c`);

  // Each email's two photos are ACCEPTED documents on the email's case; every stored object exists.
  const docs = await db.document.groupBy({ by: ["inboundEmailId"], where: { verdict: "ACCEPTED" }, _count: { _all: true } });
  const docsByEmail = new Map(docs.map((d) => [d.inboundEmailId, d._count._all]));
  const missingAttachments = messages.reduce((sum, m) => {
    const r = rowByMessage.get(m.messageId);
    return sum + Math.max(0, m.attachments.length - (r ? (docsByEmail.get(r.id) ?? 0) : 0));
  }, 0);
  const missingObjects = fault.problems.filter((p) => p.startsWith("missing object")).length;

  // A case reaches a final decision (APPROVED, REJECTED) at most once; every decision the agents were
  // told succeeded has its audit entry, and no audit entry lacks an agent's call.
  const casesDecidedTwice = await count(db, `SELECT count(*) AS n FROM (SELECT "caseId" FROM "CaseEvent" WHERE type IN ('APPROVED', 'REJECTED') GROUP BY "caseId" HAVING count(*) > 1) d`);
  const audited = await count(db, `SELECT count(*) AS n FROM "AuditEntry" WHERE action = 'case.decided'`);
  const unrecordedDecisions = Math.abs(audited - a.agents.decisions.length);

  // A case is claimed once: no case id returned to two claim calls, no case with two CLAIMED events.
  const got = a.agents.claims.flatMap((c) => (c.caseId ? [c.caseId] : []));
  const multiEvents = await count(db, `SELECT count(*) AS n FROM (SELECT "caseId" FROM "CaseEvent" WHERE type = 'CLAIMED' GROUP BY "caseId" HAVING count(*) > 1) d`);
  const doubleClaims = got.length - new Set(got).size + multiEvents;

  // Outbound email: every row SENT; one decision email per decision that sends one (approvals, rejections, resubmission requests).
  const outboundEmails = await db.outboundEmail.count();
  const emailsNotSent = await db.outboundEmail.count({ where: { status: { not: "SENT" } } });
  const decisionEmails = await db.outboundEmail.count({ where: { template: { in: ["DECISION_APPROVED", "DECISION_REJECTED", "RESUBMISSION_REQUEST"] } } });
  const emailingDecisions = a.agents.decisions.filter((d) => ["APPROVED", "REJECTED", "AWAITING_CUSTOMER"].includes(d.outcome)).length;
  const decisionEmailMismatches = Math.abs(decisionEmails - emailingDecisions);
  const smtpRepeats = a.sink.messageIds.length - new Set(a.sink.messageIds).size;

  // Webhooks: one delivery row per (endpoint, event), all DELIVERED, each event id received (repeats counted, not errors).
  const webhookEvents = await db.webhookDelivery.count();
  const webhooksNotDelivered = await db.webhookDelivery.count({ where: { status: { not: "DELIVERED" } } });
  const webhookRowsDuplicated = await count(db, `SELECT count(*) AS n FROM (SELECT 1 FROM "WebhookDelivery" GROUP BY "endpointId", "eventId" HAVING count(*) > 1) d`);
  const received = new Map(a.receiver.events().map((e) => [e.id, e.deliveries]));
  const ids = await db.webhookDelivery.findMany({ select: { eventId: true } });
  const webhooksNeverReceived = ids.filter((d) => !received.has(d.eventId)).length;
  const webhookRepeats = [...received.values()].reduce((s, n) => s + n - 1, 0);

  // How replies found their case, and what it did to the case (the CUSTOMER_REPLIED timeline event).
  const via = await db.$queryRawUnsafe<{ via: string | null; n: bigint }[]>(
    `SELECT concat(data->>'via', ': ', data->>'statusBefore', ' → ', data->>'statusAfter') AS via, count(*) AS n FROM "CaseEvent"
     WHERE type = 'CUSTOMER_REPLIED' AND data->>'inboundEmailId' IN (SELECT id::text FROM "InboundEmail" WHERE "messageId" LIKE 'load-reply-%') GROUP BY 1`,
  );
  const replyThreading = Object.fromEntries(via.map((v) => [v.via ?? "(not recorded)", Number(v.n)]));

  return {
    lostEmails,
    extraInboundRows,
    duplicateCases,
    missingAttachments,
    missingObjects,
    casesDecidedTwice,
    doubleClaims,
    unrecordedDecisions,
    emailsNotSent,
    decisionEmailMismatches,
    webhooksNotDelivered,
    webhookRowsDuplicated,
    webhooksNeverReceived,
    smtpRepeats,
    webhookRepeats,
    webhookEvents,
    webhookIdsReceived: received.size,
    outboundEmails,
    replyThreading,
    fault,
  };
}
