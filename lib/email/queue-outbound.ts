import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { formatCaseRef } from "../cases/case-ref";
import { config } from "../config";
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { OutboundTemplate } from "../generated/prisma/enums";
import { writeOutbox } from "../outbox/write";
import { isOwnAddress, newMessageId, normalizeAddress, threadOf } from "./addresses";
import { sendEmailJob } from "./jobs";
import { resolveLocale } from "./locale";
import { inboundSuppression, robotAddress, type SuppressionReason } from "./suppression";
import { AUTOMATIC_TEMPLATES, isAutomatic } from "./templates";
import { templateVariables, type StoredVariables, type TemplateVariables } from "./variables";

/** The inbound email being answered: the reply threads under it (In-Reply-To, References), and its headers decide whether an automatic reply is allowed. */
export interface InReplyTo {
  /** InboundEmail.id */
  id: string;
  messageId: string | null;
  references: string[];
  /** Header names → values as received (any case). */
  headers: Record<string, string>;
}

interface QueueOutboundCommon {
  /** Where the email goes; null (no usable address) is suppressed and audited. */
  toAddress: string | null;
  accountId?: string | null;
  caseId?: string | null;
  inReplyTo?: InReplyTo | null;
  /** A language tag ("es-MX"); when absent, the account's locale; else English. */
  locale?: string | null;
  /** SYSTEM ("intake") for automatic replies, the staff member for the others. */
  actor: Actor;
}

/** With a literal template, `variables` is checked against that template's schema at compile time; always at run time. */
export type QueueOutboundInput<T extends OutboundTemplate = OutboundTemplate> = QueueOutboundCommon & { template: T; variables: TemplateVariables[T] };

export type QueueOutboundResult = { id: string } | { suppressed: SuppressionReason };

const ZAddress = z.email();
const DAY_MS = 24 * 3600 * 1000;
/** First key of pg_advisory_xact_lock(int, int) for "automatic replies to one recipient" (the two-key space is apart from the audit chain's one-key lock). */
const RECIPIENT_LOCK_CLASS = 0x6f7574; // "out"

/**
 * Queues an email to a customer inside the caller's transaction: an OutboundEmail row (QUEUED), an
 * outbox row for `email.send` and the audit entry — or, when a rule forbids the email, only an
 * `outbound.suppressed` audit entry. Rules:
 * - never to a missing or invalid address, nor to our own address or domain (a reply would loop);
 * - automatic templates (see AUTOMATIC_TEMPLATES) are not sent in answer to auto-submitted, bulk or
 *   list mail, nor to mailer daemons, and at most AUTO_REPLY_MAX_PER_DAY of them go to one address
 *   in 24 hours. Staff-initiated emails are not limited: an agent's decision must reach the customer
 *   even if their out-of-office answered our acknowledgement.
 * Call it before the caller's own appendAudit (the audit chain lock is taken last).
 */
export async function queueOutbound<T extends OutboundTemplate>(tx: Tx, input: QueueOutboundInput<T>): Promise<QueueOutboundResult> {
  const parsedVars = templateVariables[input.template].safeParse(input.variables);
  if (!parsedVars.success) throw new AppError("INVALID_INPUT", `invalid variables for ${input.template}`, { issues: parsedVars.error.issues.map((i) => i.path.join(".")) });

  let accountId = input.accountId ?? null;
  let caseRef: string | null = null;
  if (input.caseId) {
    const kase = await tx.reviewCase.findUnique({ where: { id: input.caseId }, select: { number: true, accountId: true } });
    if (!kase) throw new AppError("NOT_FOUND", "case not found");
    caseRef = formatCaseRef(kase.number);
    accountId ??= kase.accountId;
  }
  const caseId = input.caseId ?? null;

  const suppress = async (reason: SuppressionReason): Promise<QueueOutboundResult> => {
    await appendAudit(tx, {
      action: "outbound.suppressed",
      actor: input.actor,
      caseId: caseId ?? undefined,
      accountId: accountId ?? undefined,
      target: input.inReplyTo ? { type: "InboundEmail", id: input.inReplyTo.id } : undefined,
      data: { template: input.template, caseId, reason },
    });
    return { suppressed: reason };
  };

  const raw = input.toAddress?.trim() ?? "";
  // Anything that is not one plain address (display names, lists, CR/LF) is not an address we send to.
  if (!raw || !ZAddress.safeParse(raw).success) return suppress("no_address");
  const toAddress = normalizeAddress(raw);
  if (isOwnAddress(toAddress)) return suppress("own_address");

  const automatic = isAutomatic(input.template);
  if (automatic) {
    const reason = (input.inReplyTo && inboundSuppression(input.inReplyTo.headers)) || robotAddress(toAddress);
    if (reason) return suppress(reason);
    // Serialise automatic replies to one address, so concurrent intake jobs cannot both see "4 of 5".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RECIPIENT_LOCK_CLASS}::int, hashtext(${toAddress}))`;
    const recent = await tx.outboundEmail.count({
      where: { toAddress, template: { in: [...AUTOMATIC_TEMPLATES] }, createdAt: { gte: new Date(Date.now() - DAY_MS) } },
    });
    if (recent >= config.AUTO_REPLY_MAX_PER_DAY) return suppress("daily_limit");
  }

  let locale = input.locale;
  if (locale == null && accountId) {
    locale = (await tx.account.findUnique({ where: { id: accountId }, select: { locale: true } }))?.locale;
  }
  // Threading is kept with the row, so sending never depends on the inbound email still being there.
  const variables: StoredVariables = { ...parsedVars.data, locale: resolveLocale(locale), caseRef, thread: input.inReplyTo ? threadOf(input.inReplyTo) : null };

  const row = await tx.outboundEmail.create({
    data: {
      accountId,
      caseId,
      inReplyToId: input.inReplyTo?.id ?? null,
      toAddress,
      template: input.template,
      variables,
      messageId: newMessageId(randomUUID()),
    },
    select: { id: true },
  });
  await writeOutbox(tx, sendEmailJob, { outboundEmailId: row.id }, { dedupeKey: `email.send:${row.id}` });
  await appendAudit(tx, {
    action: "outbound.queued",
    actor: input.actor,
    caseId: caseId ?? undefined,
    accountId: accountId ?? undefined,
    target: { type: "OutboundEmail", id: row.id },
    data: { outboundEmailId: row.id, template: input.template, caseId, inReplyToId: input.inReplyTo?.id ?? null },
  });
  return { id: row.id };
}
