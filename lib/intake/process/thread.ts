import { findCaseRefs } from "../../cases/case-ref";
import type { Tx } from "../../db";
import { caseNumberFromAddress } from "../../email/addresses";
import type { CaseStatus } from "../../generated/prisma/enums";
import { messageIdForms } from "./ids";

export const CLOSED_STATUSES: CaseStatus[] = ["APPROVED", "REJECTED"];

/** What threading looks at: the parsed message's subject, recipients and reply headers. */
export interface ThreadHints {
  subject: string | null;
  /** Every recipient address seen (To, Cc, Delivered-To, X-Original-To). */
  recipients: string[];
  inReplyTo: string | null;
  references: string[];
}

export type ThreadVia = "subject_ref" | "recipient_ref" | "in_reply_to" | "open_case";

export interface ThreadResult {
  /** The open case of this account the email joins, or null: a new case (or none). */
  caseId: string | null;
  via: ThreadVia | null;
  /** A referenced case of this account that is already decided: the new case points at it. */
  closedCaseId: string | null;
  /** References to cases of other accounts (forged or mistyped): ignored, counted for the log. */
  foreignRefs: number;
}

/** Case numbers in "support+GH-000123@<our domain>" among the recipients. */
export function recipientCaseRefs(recipients: string[]): number[] {
  const out: number[] = [];
  for (const r of recipients) {
    const n = caseNumberFromAddress(r);
    if (n !== null && !out.includes(n)) out.push(n);
  }
  return out;
}

interface Candidate {
  caseId: string;
  accountId: string;
  status: CaseStatus;
  via: Exclude<ThreadVia, "open_case">;
}

async function candidates(tx: Tx, hints: ThreadHints): Promise<Candidate[]> {
  const byRef: { n: number; via: Candidate["via"] }[] = [
    ...findCaseRefs(hints.subject ?? "").map((n) => ({ n, via: "subject_ref" as const })),
    ...recipientCaseRefs(hints.recipients).map((n) => ({ n, via: "recipient_ref" as const })),
  ];
  // In-Reply-To first, then References newest first (RFC 5322 lists them oldest first).
  const ids = [hints.inReplyTo, ...[...hints.references].reverse()].filter((x): x is string => !!x);
  const forms = ids.flatMap(messageIdForms).slice(0, 200);

  const [cases, outbound] = await Promise.all([
    byRef.length
      ? tx.reviewCase.findMany({ where: { number: { in: byRef.map((r) => r.n) } }, select: { id: true, number: true, accountId: true, status: true } })
      : [],
    forms.length
      ? tx.outboundEmail.findMany({
          where: { messageId: { in: forms }, caseId: { not: null } },
          select: { messageId: true, case: { select: { id: true, accountId: true, status: true } } },
        })
      : [],
  ]);

  const out: Candidate[] = [];
  for (const r of byRef) {
    const c = cases.find((x) => x.number === r.n);
    if (c) out.push({ caseId: c.id, accountId: c.accountId, status: c.status, via: r.via });
  }
  for (const id of ids) {
    const hit = outbound.find((o) => messageIdForms(id).includes(o.messageId));
    if (hit?.case) out.push({ caseId: hit.case.id, accountId: hit.case.accountId, status: hit.case.status, via: "in_reply_to" });
  }
  return out;
}

/**
 * Which case an email from `accountId` belongs to. A reference (subject tag, plus-address, reply
 * to one of our emails) counts only when the case is this account's: anyone can type a case number.
 * A referenced case that is still open wins; otherwise the account's open case (newest) joins;
 * otherwise none (the caller may open one). Decided cases are never reopened by email.
 */
export async function resolveThread(tx: Tx, accountId: string, hints: ThreadHints): Promise<ThreadResult> {
  const found = await candidates(tx, hints);
  const own = found.filter((c) => c.accountId === accountId);
  const foreignRefs = found.length - own.length;
  const open = own.find((c) => !CLOSED_STATUSES.includes(c.status));
  const closedCaseId = own.find((c) => CLOSED_STATUSES.includes(c.status))?.caseId ?? null;
  if (open) return { caseId: open.caseId, via: open.via, closedCaseId: null, foreignRefs };

  const current = await tx.reviewCase.findFirst({
    where: { accountId, status: { notIn: CLOSED_STATUSES } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (current) return { caseId: current.id, via: "open_case", closedCaseId: null, foreignRefs };
  return { caseId: null, via: null, closedCaseId, foreignRefs };
}
