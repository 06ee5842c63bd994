import { z } from "zod";
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../auth/actor";
import { requireStaff } from "../../auth/require-staff";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { linkBlocker } from "./rules";
import { INBOUND_TARGET, lockInboundEmail, parseInput, parseRecordId, purgedDetail, requeueProcessing, staffIdOf } from "./shared";

export const ZLinkInboundEmailInput = z.strictObject({
  id: z.string().max(64),
  /** The exchange's public user id of the account the email belongs to. */
  accountUid: z.string().trim().min(1, "Enter the account's user id.").max(128, "An account user id is at most 128 characters."),
});
export type TLinkInboundEmailInput = z.input<typeof ZLinkInboundEmailInput>;

export interface LinkInboundEmailResult {
  id: string;
  status: "RECEIVED";
  accountId: string;
  accountUid: string;
}

/**
 * Links an Unmatched email to the account an agent identified (the customer wrote from another
 * address): the account and who linked it are recorded, the email goes back to RECEIVED and a new
 * "intake.process" job runs the pipeline again, which takes the staff-linked account instead of
 * matching the sender. Audited as email.linked, all in one transaction.
 */
export async function linkInboundEmail(actor: Actor, input: TLinkInboundEmailInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<LinkInboundEmailResult> {
  const { actor: staff } = await requireStaff(actor, "email.link", { request: opts.request });
  const { id: rawId, accountUid } = parseInput(ZLinkInboundEmailInput, input);
  const id = parseRecordId(rawId, "inbound email");
  const now = opts.now ?? new Date();

  return db.$transaction(async (tx) => {
    const row = await lockInboundEmail(tx, id);
    const blocked = linkBlocker(row);
    if (blocked) throw new AppError("CONFLICT", blocked, { status: row.status, ...purgedDetail(row) });
    const account = await tx.account.findUnique({ where: { uid: accountUid }, select: { id: true, uid: true } });
    if (!account) throw new AppError("NOT_FOUND", "No account with this user id.", { fields: [{ path: "accountUid", message: "unknown account" }] });

    await tx.inboundEmail.update({
      where: { id },
      data: { accountId: account.id, linkedById: staffIdOf(staff), linkedAt: now, status: "RECEIVED", processedAt: null },
    });
    await requeueProcessing(tx, id, "link");
    await appendAudit(tx, {
      action: "email.linked",
      actor: staff,
      target: { type: INBOUND_TARGET, id },
      accountId: account.id,
      request: opts.request,
      data: { inboundEmailId: id, accountId: account.id, caseId: null },
    });
    return { id, status: "RECEIVED" as const, accountId: account.id, accountUid: account.uid };
  });
}
