import { appendAudit } from "../../audit/append";
import { db, type Prisma, type Tx } from "../../db";
import { normalizeMessageId } from "../../email/addresses";
import { inboundSuppression } from "../../email/suppression";
import type { CaseEventType, InboundEmailStatus, RiskFlag } from "../../generated/prisma/enums";
import { openCase, type OpenedCase } from "./case-open";
import { joinCase, type JoinedCase } from "./case-join";
import { isMeantAsDocument, type PreparedDocument } from "./documents";
import { INTAKE_ACTOR } from "./failure";
import { storable } from "./ids";
import { matchSender } from "./match";
import type { Prepared } from "./prepare";
import { FINAL_STATUSES } from "./statuses";
import { repliesForAccount, repliesForUnmatched, type ReplyOutcome } from "./replies";
import { findReusedPhotos, messageRiskFlags, type ReuseHit } from "./risk";
import { resolveThread } from "./thread";

export type ProcessOutcome = "case_created" | "case_joined" | "unmatched" | "no_documents";

export interface ProcessResult {
  inboundEmailId: string;
  outcome: ProcessOutcome | "skipped" | "failed";
  status: InboundEmailStatus | "MISSING";
  accountId: string | null;
  caseId: string | null;
  documentIds: string[];
  riskFlags: RiskFlag[];
  replies: ReplyOutcome[];
}

function counts(docs: PreparedDocument[]) {
  return {
    accepted: docs.filter((d) => d.verdict === "ACCEPTED").length,
    previewUnavailable: docs.filter((d) => d.verdict === "PREVIEW_UNAVAILABLE").length,
    rejected: docs.filter((d) => d.verdict === "REJECTED").length,
  };
}

/** What the parsed message tells us about the InboundEmail, stored as sent (escaped when shown). */
function inboundColumns(p: Prepared): Prisma.InboundEmailUpdateInput {
  const m = p.message;
  return {
    spf: p.auth.spf,
    dkim: p.auth.dkim,
    dmarc: p.auth.dmarc,
    displayNameSpoof: p.displayNameSpoof,
    fromAddress: storable(m.from?.address, 320),
    fromName: storable(m.from?.name, 200),
    toAddress: storable(m.to[0]?.address, 320),
    subject: storable(m.subject, 998),
    inReplyTo: storable(normalizeMessageId(m.inReplyTo), 998),
    references: m.references.flatMap((r) => normalizeMessageId(r) ?? []).slice(-50).map((r) => storable(r, 998) as string),
    parseError: null,
  };
}

function documentRows(p: Prepared, caseId: string | null): Prisma.DocumentCreateManyInput[] {
  return p.documents.map(({ rejectCode: _code, similarTo: _similar, ...d }) => ({ ...d, inboundEmailId: p.inboundEmailId, caseId }));
}

function timeline(caseId: string, p: Prepared, now: Date, head: { type: CaseEventType; data: Prisma.InputJsonObject }[], reuse: ReuseHit[]): Prisma.CaseEventCreateManyInput[] {
  const events = [
    ...head,
    { type: "EMAIL_RECEIVED" as const, data: { inboundEmailId: p.inboundEmailId, provider: p.provider } },
    ...p.documents.map((d) => {
      const hit = reuse.find((r) => r.documentId === d.id);
      return { type: "DOCUMENT_ADDED" as const, data: { documentId: d.id, side: d.side, verdict: d.verdict, ...(hit ? { reusedFrom: hit.matches } : {}) } };
    }),
  ];
  // One millisecond apart, so the timeline keeps this order when sorted by time.
  return events.map((e, i) => ({ caseId, type: e.type, data: e.data, createdAt: new Date(now.getTime() + i) }));
}

async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  // Two emails from one account processed at once must not both open a case: one waits here.
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`intake:account:${accountId}`}, 0))`;
}

/**
 * Stores the email's documents. A re-run after staff linked an unmatched email finds them stored
 * already (same ids): they are kept as they are — with any side staff relabelled — and only
 * attached to the case.
 */
async function storeDocuments(tx: Tx, p: Prepared, caseId: string | null): Promise<void> {
  const docs = documentRows(p, caseId);
  if (!docs.length) return;
  await tx.document.createMany({ data: docs, skipDuplicates: true });
  if (caseId) await tx.document.updateMany({ where: { id: { in: docs.map((d) => d.id as string) }, caseId: null }, data: { caseId } });
}

async function commitUnmatched(tx: Tx, p: Prepared, now: Date): Promise<ProcessResult> {
  await storeDocuments(tx, p, null);
  await tx.inboundEmail.update({ where: { id: p.inboundEmailId }, data: { ...inboundColumns(p), status: "UNMATCHED", account: { disconnect: true }, case: { disconnect: true }, processedAt: now } });
  const replies = await repliesForUnmatched(tx, p);
  const riskFlags = messageRiskFlags(p.auth, p.displayNameSpoof);
  await appendAudit(tx, {
    action: "email.processed",
    actor: INTAKE_ACTOR,
    target: { type: "InboundEmail", id: p.inboundEmailId },
    data: { inboundEmailId: p.inboundEmailId, outcome: "unmatched", caseId: null, accountId: null, documents: counts(p.documents), riskFlags },
  });
  return { inboundEmailId: p.inboundEmailId, outcome: "unmatched", status: "UNMATCHED", accountId: null, caseId: null, documentIds: p.documents.map((d) => d.id), riskFlags, replies };
}

async function commitMatched(tx: Tx, p: Prepared, account: { id: string; locale: string | null; realName: string | null }, now: Date): Promise<ProcessResult> {
  await lockAccount(tx, account.id);
  const thread = await resolveThread(tx, account.id, p.message);
  const reuse = await findReusedPhotos(tx, account.id, p.documents.filter((d) => d.verdict === "ACCEPTED"));
  const riskFlags: RiskFlag[] = [...messageRiskFlags(p.auth, p.displayNameSpoof), ...(reuse.length ? (["REUSED_PHOTO"] as const) : [])];

  let opened: OpenedCase | null = null;
  let joined: JoinedCase | null = null;
  const hasDocuments = p.documents.some(isMeantAsDocument);
  // An out-of-office answer to our request is not the customer replying.
  const customerReply = hasDocuments || inboundSuppression(p.message.headers) !== "auto_submitted";
  if (thread.caseId) joined = await joinCase(tx, thread.caseId, { flags: riskFlags, receivedAt: p.receivedAt, now, customerReply });
  else if (hasDocuments) opened = await openCase(tx, { accountId: account.id, flags: riskFlags, receivedAt: p.receivedAt, now });
  const caseId = opened?.id ?? joined?.id ?? null;
  const outcome: ProcessOutcome = opened ? "case_created" : joined ? "case_joined" : "no_documents";

  await storeDocuments(tx, p, caseId);
  if (opened) {
    const created = { inboundEmailId: p.inboundEmailId, accountId: account.id, deviceId: opened.deviceId, ...(thread.closedCaseId ? { previousCaseId: thread.closedCaseId } : {}) };
    await tx.caseEvent.createMany({ data: timeline(opened.id, p, now, [{ type: "CREATED", data: created }], reuse) });
  } else if (joined) {
    const replied = { inboundEmailId: p.inboundEmailId, via: thread.via, statusBefore: joined.statusBefore, statusAfter: joined.statusAfter };
    await tx.caseEvent.createMany({ data: timeline(joined.id, p, now, customerReply ? [{ type: "CUSTOMER_REPLIED", data: replied }] : [], reuse) });
  }
  await tx.inboundEmail.update({
    where: { id: p.inboundEmailId },
    data: { ...inboundColumns(p), status: "PROCESSED", account: { connect: { id: account.id } }, case: caseId ? { connect: { id: caseId } } : { disconnect: true }, processedAt: now },
  });

  const replies = await repliesForAccount(tx, p, { accountId: account.id, caseId, locale: account.locale, customerName: account.realName }, opened);
  const emailed = replies.flatMap((r) => (r.outboundEmailId && caseId ? [{ caseId, type: "CUSTOMER_EMAILED" as const, data: { outboundEmailId: r.outboundEmailId, template: r.template } }] : []));
  if (emailed.length) await tx.caseEvent.createMany({ data: emailed.map((e, i) => ({ ...e, createdAt: new Date(now.getTime() + 100 + i) })) });
  if (opened) {
    await appendAudit(tx, {
      action: "case.created",
      actor: INTAKE_ACTOR,
      target: { type: "ReviewCase", id: opened.id },
      caseId: opened.id,
      accountId: account.id,
      data: { caseId: opened.id, ref: opened.ref, accountId: account.id, deviceId: opened.deviceId, priority: opened.priority, via: "email" },
    });
  }
  await appendAudit(tx, {
    action: "email.processed",
    actor: INTAKE_ACTOR,
    target: { type: "InboundEmail", id: p.inboundEmailId },
    caseId: caseId ?? undefined,
    accountId: account.id,
    data: { inboundEmailId: p.inboundEmailId, outcome, caseId, accountId: account.id, documents: counts(p.documents), riskFlags },
  });
  return { inboundEmailId: p.inboundEmailId, outcome, status: "PROCESSED", accountId: account.id, caseId, documentIds: p.documents.map((d) => d.id), riskFlags, replies };
}

/**
 * The second half of processing: every row, status, case change, event, reply and audit entry in
 * one transaction. The InboundEmail row is locked and re-checked first, so of two runs that got
 * this far only one writes anything.
 */
export async function commitInboundEmail(p: Prepared, now = new Date()): Promise<ProcessResult> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ status: InboundEmailStatus }[]>`
        SELECT status::text AS status FROM "InboundEmail" WHERE id = ${p.inboundEmailId}::uuid FOR UPDATE`;
      const status = rows[0]?.status;
      if (!status || FINAL_STATUSES.includes(status)) {
        return { inboundEmailId: p.inboundEmailId, outcome: "skipped", status: status ?? "MISSING", accountId: null, caseId: null, documentIds: [], riskFlags: [], replies: [] };
      }
      // An agent linked this (unmatched) email to an account: that decision stands over the sender match.
      const linked = await tx.inboundEmail.findUnique({
        where: { id: p.inboundEmailId },
        select: { linkedById: true, account: { select: { id: true, email: true, locale: true, realName: true } } },
      });
      if (linked?.linkedById && linked.account) return commitMatched(tx, p, linked.account, now);
      const match = await matchSender(tx, p.message.from?.address);
      return match.kind === "matched" ? commitMatched(tx, p, match.account, now) : commitUnmatched(tx, p, now);
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
