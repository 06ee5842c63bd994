import { formatCaseRef } from "../../cases/case-ref";
import type { Tx } from "../../db";
import type { CaseStatus, RiskFlag } from "../../generated/prisma/enums";
import { maxPriority, slaMinutes } from "./case-open";
import { mergeFlags } from "./risk";

export interface JoinedCase {
  id: string;
  ref: string;
  statusBefore: CaseStatus;
  statusAfter: CaseStatus;
  addedFlags: RiskFlag[];
}

/**
 * A customer email joins an open case: risk flags merged (no duplicates; new ones raise the
 * priority to at least HIGH), lastCustomerMsgAt set, version incremented. A case that was waiting
 * for the customer goes back to the queue (NEW, or IN_REVIEW when someone holds it) with a fresh
 * SLA clock counted from the reply: the wait was the customer's, not ours. An automatic message
 * without documents (an out-of-office notice or a bounce: `customerReply: false`) joins the timeline only.
 */
export async function joinCase(
  tx: Tx,
  caseId: string,
  input: { flags: RiskFlag[]; receivedAt: Date; now: Date; customerReply: boolean },
): Promise<JoinedCase> {
  // Lock first, then read: a staff action on the same case waits for this transaction, and its
  // version check then sees our increment.
  await tx.$queryRaw`SELECT 1 AS locked FROM "ReviewCase" WHERE id = ${caseId}::uuid FOR UPDATE`;
  const c = await tx.reviewCase.findUniqueOrThrow({
    where: { id: caseId },
    select: { number: true, status: true, assigneeId: true, riskFlags: true, priority: true, lastCustomerMsgAt: true },
  });
  const riskFlags = mergeFlags(c.riskFlags, input.flags);
  const addedFlags = riskFlags.filter((f) => !c.riskFlags.includes(f));
  const priority = addedFlags.length ? maxPriority(c.priority, "HIGH") : c.priority;
  const backToQueue = input.customerReply && c.status === "AWAITING_CUSTOMER";
  const status: CaseStatus = backToQueue ? (c.assigneeId ? "IN_REVIEW" : "NEW") : c.status;
  const sla = backToQueue ? { slaDueAt: new Date(input.now.getTime() + (await slaMinutes(tx, priority)) * 60_000), slaBreachedAt: null } : {};

  // A retried older email must not move the "last heard from the customer" time backwards.
  const later = c.lastCustomerMsgAt && c.lastCustomerMsgAt > input.receivedAt;
  const lastCustomerMsgAt = input.customerReply && !later ? input.receivedAt : c.lastCustomerMsgAt;
  await tx.reviewCase.update({
    where: { id: caseId },
    data: { status, priority, riskFlags, lastCustomerMsgAt, version: { increment: 1 }, ...sla },
  });
  return { id: caseId, ref: formatCaseRef(c.number), statusBefore: c.status, statusAfter: status, addedFlags };
}
