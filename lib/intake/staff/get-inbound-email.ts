import type { Actor } from "../../auth/actor";
import { requireStaff } from "../../auth/require-staff";
import { formatCaseRef } from "../../cases/case-ref";
import { db, type Prisma } from "../../db";
import { AppError } from "../../errors";
import type { CaseStatus, DocumentSide, OutboundStatus, OutboundTemplate, VettingVerdict } from "../../generated/prisma/enums";
import type { RequestContext } from "../../http/request-context";
import { countVerdicts, inboundRowSelect, shown, toInboundRow, type InboundEmailRow } from "./inbound-view";
import { isStuck } from "./rules";
import { INBOUND_TARGET, parseRecordId } from "./shared";

/** An attachment as staff see it here: the vetting outcome and metadata, never its bytes or storage keys. */
export interface InboundDocument {
  id: string;
  fileName: string | null;
  /** From the magic bytes; declaredType is what the sender's mail client claimed. */
  sniffedType: string | null;
  declaredType: string | null;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  side: DocumentSide;
  verdict: VettingVerdict;
  verdictReason: string | null;
  caseId: string | null;
  /** Retention removed the image objects; the row and its verdict stay. */
  purged: boolean;
}

/** A reply we queued in answer to this email (acknowledgement, wrong sender, ask for JPEG…). */
export interface InboundReply {
  id: string;
  template: OutboundTemplate;
  status: OutboundStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

export interface InboundEmailDetail extends InboundEmailRow {
  messageId: string | null;
  inReplyTo: string | null;
  toAddress: string | null;
  rawSize: number;
  case: { id: string; ref: string; status: CaseStatus; assigneeId: string | null } | null;
  linkedBy: { id: string; name: string } | null;
  linkedAt: Date | null;
  /** The last staff retry, if any (a retried email counts as stuck 15 minutes after it). */
  lastRetriedAt: Date | null;
  documents: InboundDocument[];
  replies: InboundReply[];
}

const documentSelect = {
  id: true,
  fileName: true,
  sniffedType: true,
  declaredType: true,
  sizeBytes: true,
  width: true,
  height: true,
  side: true,
  verdict: true,
  verdictReason: true,
  caseId: true,
  purgedAt: true,
} as const satisfies Prisma.DocumentSelect;

const detailSelect = {
  ...inboundRowSelect,
  messageId: true,
  inReplyTo: true,
  toAddress: true,
  rawSize: true,
  case: { select: { id: true, number: true, status: true, assigneeId: true } },
  linkedBy: { select: { id: true, name: true } },
  documents: { select: documentSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} as const satisfies Prisma.InboundEmailSelect;

/** One inbound email with its attachments' vetting outcomes and the replies sent in answer. */
export async function getInboundEmail(actor: Actor, input: { id: string }, opts: { request?: RequestContext; now?: Date } = {}): Promise<InboundEmailDetail> {
  await requireStaff(actor, "inbound.read", { request: opts.request });
  const id = parseRecordId(input?.id, "inbound email");
  const [row, replies, lastRetry] = await Promise.all([
    db.inboundEmail.findUnique({ where: { id }, select: detailSelect }),
    db.outboundEmail.findMany({
      where: { inReplyToId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, template: true, status: true, attempts: true, createdAt: true, sentAt: true },
    }),
    db.auditEntry.findFirst({ where: { action: "email.retried", targetType: INBOUND_TARGET, targetId: id }, orderBy: { seq: "desc" }, select: { occurredAt: true } }),
  ]);
  if (!row) throw new AppError("NOT_FOUND", "No inbound email with this id.");
  const now = opts.now ?? new Date();
  const lastRetriedAt = lastRetry?.occurredAt ?? null;

  return {
    ...toInboundRow(row, countVerdicts(row.documents), now),
    stuck: isStuck(row, now, lastRetriedAt),
    messageId: row.messageId,
    inReplyTo: row.inReplyTo,
    toAddress: shown(row.toAddress),
    rawSize: row.rawSize,
    case: row.case ? { id: row.case.id, ref: formatCaseRef(row.case.number), status: row.case.status, assigneeId: row.case.assigneeId } : null,
    linkedBy: row.linkedBy,
    linkedAt: row.linkedAt,
    lastRetriedAt,
    documents: row.documents.map(({ purgedAt, fileName, ...d }) => ({ ...d, fileName: shown(fileName), purged: purgedAt !== null })),
    replies,
  };
}
