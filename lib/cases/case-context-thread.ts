import { config } from "../config";
import { db } from "../db";
import { resolveLocale } from "../email/locale";
import { renderEmail } from "../email/render";
import { ZStoredVariables } from "../email/variables";
import type { DocumentSide, InboundEmailStatus, OutboundStatus, OutboundTemplate, SenderAuthResult, VettingVerdict } from "../generated/prisma/enums";
import { shown } from "../intake/staff/inbound-view";
import { formatCaseRef } from "./case-ref";

// The case's email thread without bodies: the customer's emails (as intake recorded them) and ours
// (rendered again from their stored variables, as delivery renders them), oldest first. Bodies of
// customer emails live only in the raw payload: ./case-context-bodies.ts reads them separately.
// Helpers of ./case-context.ts: no permission checks here.

export interface ThreadInbound {
  kind: "inbound";
  id: string;
  at: Date;
  sender: { address: string | null; name: string | null };
  subject: string | null;
  status: InboundEmailStatus;
  auth: { spf: SenderAuthResult | null; dkim: SenderAuthResult | null; dmarc: SenderAuthResult | null; displayNameSpoof: boolean };
  attachments: { id: string; fileName: string | null; side: DocumentSide; verdict: VettingVerdict; verdictReason: string | null; purged: boolean }[];
}

export interface ThreadOutbound {
  kind: "outbound";
  id: string;
  /** When it was queued; sentAt is when the relay took it. */
  at: Date;
  template: OutboundTemplate;
  toAddress: string;
  status: OutboundStatus;
  sentAt: Date | null;
  /** As the customer gets them (null when the stored variables no longer render). */
  subject: string | null;
  text: string | null;
}

export type ThreadItem = ThreadInbound | ThreadOutbound;

/** Emails of each kind beyond this many are left out (a case has a handful). */
export const THREAD_LIMIT = 100;

async function inbound(caseId: string): Promise<ThreadInbound[]> {
  const rows = await db.inboundEmail.findMany({
    where: { caseId },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: THREAD_LIMIT,
    select: {
      id: true,
      receivedAt: true,
      fromAddress: true,
      fromName: true,
      subject: true,
      status: true,
      spf: true,
      dkim: true,
      dmarc: true,
      displayNameSpoof: true,
      documents: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, fileName: true, side: true, verdict: true, verdictReason: true, purgedAt: true } },
    },
  });
  return rows.map((r) => ({
    kind: "inbound",
    id: r.id,
    at: r.receivedAt,
    sender: { address: shown(r.fromAddress), name: shown(r.fromName) },
    subject: shown(r.subject),
    status: r.status,
    auth: { spf: r.spf, dkim: r.dkim, dmarc: r.dmarc, displayNameSpoof: r.displayNameSpoof },
    attachments: r.documents.map(({ purgedAt, fileName, ...d }) => ({ ...d, fileName: shown(fileName), purged: purgedAt !== null })),
  }));
}

async function outbound(caseId: string, caseNumber: number): Promise<ThreadOutbound[]> {
  const rows = await db.outboundEmail.findMany({
    where: { caseId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: THREAD_LIMIT,
    select: { id: true, createdAt: true, template: true, toAddress: true, status: true, sentAt: true, variables: true },
  });
  const templates = [...new Set(rows.map((r) => r.template))];
  const overrides = templates.length ? await db.emailTemplate.findMany({ where: { template: { in: templates } }, select: { template: true, subject: true, body: true } }) : [];
  return rows.map((r) => {
    const vars = ZStoredVariables.safeParse(r.variables);
    const locale = resolveLocale(vars.success ? vars.data.locale : null);
    // Same inputs as lib/email/send.ts, so the text is what the customer was sent (templates edited since aside).
    const email = vars.success
      ? renderEmail({
          template: r.template,
          locale,
          variables: vars.data,
          caseRef: vars.data.caseRef ?? formatCaseRef(caseNumber),
          override: locale === "en" ? (overrides.find((o) => o.template === r.template) ?? null) : null,
          limits: { maxFiles: config.INTAKE_MAX_ATTACHMENTS, maxFileBytes: config.INTAKE_MAX_ATTACHMENT_BYTES },
          supportAddress: config.MAIL_FROM_ADDRESS,
        })
      : null;
    return { kind: "outbound", id: r.id, at: r.createdAt, template: r.template, toAddress: r.toAddress, status: r.status, sentAt: r.sentAt, subject: email?.subject ?? null, text: email?.text.trim() ?? null };
  });
}

/** Both directions, oldest first; an email and our answer queued in the same instant keep that order. */
export async function caseThread(caseId: string, caseNumber: number): Promise<ThreadItem[]> {
  const [ins, outs] = await Promise.all([inbound(caseId), outbound(caseId, caseNumber)]);
  return [...ins, ...outs].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === "inbound" ? -1 : 1));
}
