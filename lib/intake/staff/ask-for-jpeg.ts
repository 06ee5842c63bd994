import type { Actor } from "../../auth/actor";
import { requireStaff } from "../../auth/require-staff";
import { db } from "../../db";
import { queueOutbound } from "../../email/queue-outbound";
import { AppError } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { askForJpegBlocker } from "./rules";
import { lockInboundEmail, parseRecordId, purgedDetail, staffIdOf } from "./shared";

export type AskForJpegResult =
  | { id: string; queued: true; outboundEmailId: string }
  /** A lib/email rule refused the email (e.g. our own address); the refusal is audited. */
  | { id: string; queued: false; suppressed: string };

/**
 * The one-click reply for an attachment we could not render (PREVIEW_UNAVAILABLE, e.g. a HEIC
 * variant or PDF we cannot preview): queues ASK_FOR_JPEG to the sender, threaded under their
 * email, naming the files. lib/email writes the OutboundEmail, its outbox row and the
 * outbound.queued audit entry (with this staff member as actor) in this transaction; the case
 * timeline records it. Only for emails matched to an account, once per email unless it failed.
 */
export async function askForJpeg(actor: Actor, input: { id: string }, opts: { request?: RequestContext } = {}): Promise<AskForJpegResult> {
  const { actor: staff } = await requireStaff(actor, "email.reply", { request: opts.request });
  const id = parseRecordId(input?.id, "inbound email");

  return db.$transaction(async (tx) => {
    await lockInboundEmail(tx, id);
    const email = await tx.inboundEmail.findUniqueOrThrow({
      where: { id },
      select: {
        status: true,
        purgedAt: true,
        accountId: true,
        caseId: true,
        fromAddress: true,
        messageId: true,
        references: true,
        account: { select: { realName: true } },
        documents: { select: { verdict: true, fileName: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      },
    });
    const replies = await tx.outboundEmail.findMany({ where: { inReplyToId: id }, select: { template: true, status: true } });
    const blocked = askForJpegBlocker({ ...email, replies });
    if (blocked) throw new AppError("CONFLICT", blocked, { status: email.status, ...purgedDetail(email) });

    const unrendered = email.documents.filter((d) => d.verdict === "PREVIEW_UNAVAILABLE");
    const res = await queueOutbound(tx, {
      template: "ASK_FOR_JPEG",
      toAddress: email.fromAddress,
      accountId: email.accountId,
      caseId: email.caseId,
      // Staff-initiated: the inbound headers only matter to automatic replies, which this is not.
      inReplyTo: { id, messageId: email.messageId, references: email.references, headers: {} },
      variables: { customerName: email.account?.realName ?? null, fileNames: unrendered.map((d, i) => d.fileName || `attachment ${i + 1}`).slice(0, 20) },
      actor: staff,
    });
    if (!("id" in res)) return { id, queued: false as const, suppressed: res.suppressed };
    if (email.caseId) {
      // After queueOutbound's audit entry (its id is needed here); one insert while the chain lock is held.
      await tx.caseEvent.create({
        data: { caseId: email.caseId, type: "CUSTOMER_EMAILED", actorId: staffIdOf(staff), data: { outboundEmailId: res.id, template: "ASK_FOR_JPEG", inboundEmailId: id } },
      });
    }
    return { id, queued: true as const, outboundEmailId: res.id };
  });
}
