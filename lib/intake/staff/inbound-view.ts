import { formatCaseRef } from "../../cases/case-ref";
import type { Prisma } from "../../db";
import type { EmailProvider, InboundEmailStatus, SenderAuthResult, VettingVerdict } from "../../generated/prisma/enums";
import { cleanHeaderText } from "../sanitize";
import { isStuck } from "./rules";

// What staff see of an inbound email, in the list, on its page and over the API. Everything the
// sender chose (name, subject, file names) is stored as sent and cleaned of invisible controls
// here; React escapes it when rendered. Never storage keys, raw payloads or document bytes.

export interface VerdictCounts {
  accepted: number;
  previewUnavailable: number;
  rejected: number;
  pending: number;
}

export interface InboundEmailRow {
  id: string;
  status: InboundEmailStatus;
  /** RECEIVED/PROCESSING for 15 minutes since it was last queued: a retry is offered. */
  stuck: boolean;
  provider: EmailProvider;
  providerMessageId: string;
  sender: { address: string | null; name: string | null };
  subject: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  match: { accountId: string | null; accountUid: string | null; caseId: string | null; caseRef: string | null; linkedByStaff: boolean };
  verdicts: VerdictCounts;
  auth: { spf: SenderAuthResult | null; dkim: SenderAuthResult | null; dmarc: SenderAuthResult | null; displayNameSpoof: boolean };
  attempts: number;
  /** Why it failed (dead letters) or could not be parsed; kept until a re-run succeeds. */
  error: string | null;
  /** Retention deleted its raw message and attachments and blanked the sender's name and the subject; no action is possible. */
  purgedAt: Date | null;
}

export const inboundRowSelect = {
  id: true,
  status: true,
  provider: true,
  providerMessageId: true,
  fromAddress: true,
  fromName: true,
  subject: true,
  receivedAt: true,
  processedAt: true,
  linkedAt: true,
  linkedById: true,
  spf: true,
  dkim: true,
  dmarc: true,
  displayNameSpoof: true,
  attempts: true,
  parseError: true,
  purgedAt: true,
  accountId: true,
  caseId: true,
  account: { select: { uid: true } },
  case: { select: { number: true } },
} as const satisfies Prisma.InboundEmailSelect;

export type InboundRowRecord = Prisma.InboundEmailGetPayload<{ select: typeof inboundRowSelect }>;

/** Sender-chosen text as it may be shown: invisible and bidi controls removed, whitespace collapsed. */
export const shown = (s: string | null): string | null => (s == null ? null : cleanHeaderText(s) || null);

export const noVerdicts = (): VerdictCounts => ({ accepted: 0, previewUnavailable: 0, rejected: 0, pending: 0 });

const verdictKey: Record<VettingVerdict, keyof VerdictCounts> = { ACCEPTED: "accepted", PREVIEW_UNAVAILABLE: "previewUnavailable", REJECTED: "rejected", PENDING: "pending" };

export function countVerdicts(docs: { verdict: VettingVerdict; count?: number }[]): VerdictCounts {
  const out = noVerdicts();
  for (const d of docs) out[verdictKey[d.verdict]] += d.count ?? 1;
  return out;
}

export function toInboundRow(r: InboundRowRecord, verdicts: VerdictCounts, now: Date): InboundEmailRow {
  return {
    id: r.id,
    status: r.status,
    stuck: isStuck(r, now),
    provider: r.provider,
    providerMessageId: r.providerMessageId,
    sender: { address: shown(r.fromAddress), name: shown(r.fromName) },
    subject: shown(r.subject),
    receivedAt: r.receivedAt,
    processedAt: r.processedAt,
    match: {
      accountId: r.accountId,
      accountUid: r.account?.uid ?? null,
      caseId: r.caseId,
      caseRef: r.case ? formatCaseRef(r.case.number) : null,
      linkedByStaff: r.linkedById !== null,
    },
    verdicts,
    auth: { spf: r.spf, dkim: r.dkim, dmarc: r.dmarc, displayNameSpoof: r.displayNameSpoof },
    attempts: r.attempts,
    error: r.parseError,
    purgedAt: r.purgedAt,
  };
}
