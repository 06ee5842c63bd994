import type { Tx } from "../../db";
import { queueOutbound, type QueueOutboundInput } from "../../email/queue-outbound";
import type { OutboundTemplate } from "../../generated/prisma/enums";
import { isFixableRejection, isMeantAsDocument, type PreparedDocument } from "./documents";
import { INTAKE_ACTOR } from "./failure";
import type { Prepared } from "./prepare";

// Automatic replies for one inbound email. Suppression (auto-submitted or list mail, our own
// address, the daily limit per recipient) is lib/email's job: this file only says what to send.

export interface ReplyContext {
  accountId: string | null;
  caseId: string | null;
  locale: string | null;
  /** From the account record only, never from the email's display name (the sender picks that). */
  customerName: string | null;
}

export interface ReplyOutcome {
  template: OutboundTemplate;
  outboundEmailId: string | null;
  suppressed: string | null;
}

/** A template with its own variables (one member per template, as queueOutbound takes them). */
type Message = QueueOutboundInput extends infer U ? (U extends QueueOutboundInput ? Pick<U, "template" | "variables"> : never) : never;

async function reply(tx: Tx, p: Prepared, ctx: ReplyContext, message: Message): Promise<ReplyOutcome> {
  const res = await queueOutbound(tx, {
    ...message,
    // Always the From address: Reply-To is the sender's to choose, and the account is bound to From.
    toAddress: p.message.from?.address ?? null,
    accountId: ctx.accountId,
    caseId: ctx.caseId,
    inReplyTo: { id: p.inboundEmailId, messageId: p.message.messageId, references: p.message.references, headers: p.message.headers },
    locale: ctx.locale,
    actor: INTAKE_ACTOR,
  });
  const template = message.template;
  return "id" in res ? { template, outboundEmailId: res.id, suppressed: null } : { template, outboundEmailId: null, suppressed: res.suppressed };
}

/** Names of the attachments we refused and the customer can replace (logos and signatures are not mentioned). */
export function refusedFileNames(docs: PreparedDocument[]): string[] {
  return docs.filter(isFixableRejection).map((d, i) => d.fileName || `attachment ${i + 1}`).slice(0, 20);
}

/** Matched sender: acknowledgement for a new case; a note on what we refused and what to send instead. */
export async function repliesForAccount(
  tx: Tx,
  p: Prepared,
  ctx: ReplyContext,
  opened: { deviceName: string | null; slaMinutes: number } | null,
): Promise<ReplyOutcome[]> {
  const out: ReplyOutcome[] = [];
  if (opened) {
    const slaHours = Math.min(24 * 30, Math.max(1, Math.ceil(opened.slaMinutes / 60)));
    out.push(await reply(tx, p, ctx, { template: "ACKNOWLEDGEMENT", variables: { customerName: ctx.customerName, deviceName: opened.deviceName, slaHours } }));
  }
  const refused = refusedFileNames(p.documents);
  if (refused.length) out.push(await reply(tx, p, ctx, { template: "UNSUPPORTED_ATTACHMENT", variables: { customerName: ctx.customerName, fileNames: refused } }));
  return out;
}

/**
 * Unknown (or ambiguous) sender: ask them to write from the bound address, but only when they sent
 * something meant as a document. A message with no attachments from an unknown address is most
 * likely spam, and answering it would be backscatter.
 */
export async function repliesForUnmatched(tx: Tx, p: Prepared): Promise<ReplyOutcome[]> {
  if (!p.documents.some(isMeantAsDocument)) return [];
  return [await reply(tx, p, { accountId: null, caseId: null, locale: null, customerName: null }, { template: "WRONG_SENDER", variables: { customerName: null } })];
}
