import type { CaseStatus, InboundEmailStatus, OutboundStatus, OutboundTemplate, VettingVerdict } from "../../generated/prisma/enums";

// The state rules of the staff actions on inbound email, as pure functions: the use cases enforce
// them inside their transaction, the pages use them to offer only what would succeed. Each returns
// null when the action is possible, else why not (shown to the caller as a CONFLICT).

/** How a status reads in a sentence ("This email is …"). */
export const statusLabel: Record<InboundEmailStatus, string> = {
  RECEIVED: "received (waiting for the intake worker)",
  PROCESSING: "being processed",
  PROCESSED: "processed",
  UNMATCHED: "unmatched",
  REJECTED: "rejected",
  FAILED: "failed (dead letter)",
};

/** RECEIVED or PROCESSING this long without progress counts as stuck (a lost job, a dead worker). */
export const STUCK_AFTER_MS = 15 * 60_000;

const IN_FLIGHT: InboundEmailStatus[] = ["RECEIVED", "PROCESSING"];

/**
 * Retention purged the email (lib/retention/purge-unlinked.ts): its raw message and attachments
 * are deleted, so nothing can be run, linked or answered from it any more.
 */
export function purgedBlocker(row: { purgedAt: Date | null }): string | null {
  if (!row.purgedAt) return null;
  return `This email's content (the raw message and its attachments) was purged on ${row.purgedAt.toISOString().slice(0, 10)} under the retention policy; it can no longer be linked, retried or answered.`;
}

/** When processing of this email was last asked for: received, linked by staff, or retried. */
export function lastQueuedAt(row: { receivedAt: Date; linkedAt: Date | null }, lastRetryAt: Date | null = null): Date {
  return new Date(Math.max(row.receivedAt.getTime(), row.linkedAt?.getTime() ?? 0, lastRetryAt?.getTime() ?? 0));
}

export function isStuck(row: { status: InboundEmailStatus; receivedAt: Date; linkedAt: Date | null }, now: Date, lastRetryAt: Date | null = null): boolean {
  return IN_FLIGHT.includes(row.status) && now.getTime() - lastQueuedAt(row, lastRetryAt).getTime() >= STUCK_AFTER_MS;
}

/** Retry: dead letters (FAILED), and emails stuck in RECEIVED/PROCESSING for 15 minutes. */
export function retryBlocker(row: { status: InboundEmailStatus; receivedAt: Date; linkedAt: Date | null; purgedAt: Date | null }, now: Date, lastRetryAt: Date | null = null): string | null {
  const purged = purgedBlocker(row);
  if (purged) return purged;
  if (row.status === "FAILED") return null;
  if (IN_FLIGHT.includes(row.status)) {
    if (isStuck(row, now, lastRetryAt)) return null;
    const minutes = Math.max(0, Math.floor((now.getTime() - lastQueuedAt(row, lastRetryAt).getTime()) / 60_000));
    return `This email is ${statusLabel[row.status]}; it was queued ${minutes} minute(s) ago. It can be retried once it has made no progress for ${STUCK_AFTER_MS / 60_000} minutes.`;
  }
  return `This email is ${statusLabel[row.status]}; only failed (dead-letter) or stuck emails can be retried.`;
}

/** Link to an account by hand: only the Unmatched list. */
export function linkBlocker(row: { status: InboundEmailStatus; purgedAt: Date | null }): string | null {
  const purged = purgedBlocker(row);
  if (purged) return purged;
  return row.status === "UNMATCHED" ? null : `This email is ${statusLabel[row.status]}; only unmatched emails can be linked to an account.`;
}

export interface AskForJpegFacts {
  status: InboundEmailStatus;
  purgedAt: Date | null;
  accountId: string | null;
  fromAddress: string | null;
  documents: { verdict: VettingVerdict }[];
  replies: { template: OutboundTemplate; status: OutboundStatus }[];
}

/**
 * "Ask for JPEG": the email has an attachment we could not render (PREVIEW_UNAVAILABLE), belongs to
 * an account (we ask the account holder for ID photos, never an unknown sender), and no earlier
 * request for it is queued or sent (a double click must not email the customer twice).
 */
export function askForJpegBlocker(f: AskForJpegFacts): string | null {
  const purged = purgedBlocker(f);
  if (purged) return purged;
  if (!f.documents.some((d) => d.verdict === "PREVIEW_UNAVAILABLE")) return "No attachment of this email is flagged “preview unavailable”, so there is nothing to ask a JPEG for.";
  if (f.status === "UNMATCHED") return "This email is not matched to an account; link it to the customer's account first (only the account holder is asked for ID photos).";
  if (!f.accountId || f.status !== "PROCESSED") return `This email is ${statusLabel[f.status]}; a JPEG can be asked for once it is processed and matched to an account.`;
  if (!f.fromAddress) return "This email has no sender address to answer.";
  const earlier = f.replies.find((r) => r.template === "ASK_FOR_JPEG" && r.status !== "FAILED");
  if (earlier) return `A JPEG request for this email is already ${earlier.status === "SENT" ? "sent" : "queued"}.`;
  return null;
}

const DECIDED: CaseStatus[] = ["APPROVED", "REJECTED"];

/** Relabel a document's side: not for refused files (agents never see them), not once the case is decided or the email purged. */
export function sideBlocker(doc: { verdict: VettingVerdict; caseStatus: CaseStatus | null; emailPurgedAt: Date | null }): string | null {
  const purged = purgedBlocker({ purgedAt: doc.emailPurgedAt });
  if (purged) return purged;
  if (doc.verdict === "REJECTED") return "This attachment was refused by vetting and is never shown to agents, so it has no side.";
  if (doc.caseStatus && DECIDED.includes(doc.caseStatus)) return `The case is decided (${doc.caseStatus.toLowerCase()}); its documents can no longer be relabelled.`;
  return null;
}
