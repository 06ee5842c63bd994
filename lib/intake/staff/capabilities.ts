import type { Actor } from "../../auth/actor";
import { decide } from "../../auth/authorize";
import type { InboundEmailDetail } from "./get-inbound-email";
import { askForJpegBlocker, linkBlocker, retryBlocker, sideBlocker } from "./rules";

/** One action on the email's page: whether the role may take it, and what in its state prevents it. */
export interface Capability {
  permitted: boolean;
  /** Whether the action is relevant to this email at all (offer it, even if disabled). */
  offered: boolean;
  /** Why the email's current state does not allow it; null when it does. */
  blocked: string | null;
}

export interface InboundCapabilities {
  retry: Capability;
  link: Capability;
  askForJpeg: Capability;
  /** Per document id: whether this staff member may relabel its side now. */
  relabel: Record<string, Capability>;
}

/**
 * What the page offers this staff member. Only hides or disables controls: every use case checks
 * the permission and the state again itself, inside its transaction.
 */
export function inboundCapabilities(actor: Actor, email: InboundEmailDetail, now = new Date()): InboundCapabilities {
  const may = (permission: Parameters<typeof decide>[1], resource?: Parameters<typeof decide>[2]) => decide(actor, permission, resource).allowed;
  const caseResource = email.case ? { type: "case" as const, id: email.case.id, assigneeId: email.case.assigneeId } : undefined;
  const relabel: Record<string, Capability> = {};
  for (const d of email.documents) {
    const onCase = d.caseId && caseResource && d.caseId === caseResource.id ? caseResource : undefined;
    // A document on another case than the email's (should not happen) is left to the server to judge.
    const blocked = sideBlocker({ verdict: d.verdict, caseStatus: onCase ? (email.case?.status ?? null) : null, emailPurgedAt: email.purgedAt });
    relabel[d.id] = { permitted: may("case.note", onCase), offered: d.verdict !== "REJECTED" && !email.purgedAt, blocked };
  }
  const retryBlocked = retryBlocker(email, now, email.lastRetriedAt);
  const linkBlocked = linkBlocker(email);
  // A purged email offers nothing: the page says "Purged <date>" instead (components/inbound).
  const purged = email.purgedAt !== null;
  return {
    retry: { permitted: may("inbound.retry"), offered: retryBlocked === null, blocked: retryBlocked },
    link: { permitted: may("email.link"), offered: linkBlocked === null, blocked: linkBlocked },
    askForJpeg: {
      permitted: may("email.reply"),
      offered: !purged && email.documents.some((d) => d.verdict === "PREVIEW_UNAVAILABLE"),
      blocked: askForJpegBlocker({
        status: email.status,
        purgedAt: email.purgedAt,
        accountId: email.match.accountId,
        fromAddress: email.sender.address,
        documents: email.documents,
        replies: email.replies,
      }),
    },
    relabel,
  };
}
