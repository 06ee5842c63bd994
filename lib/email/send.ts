import { appendAudit } from "../audit/append";
import { systemActor } from "../auth/actor";
import { formatCaseRef, parseCaseRef } from "../cases/case-ref";
import { config } from "../config";
import { db } from "../db";
import { errFields, logger } from "../log";
import { caseReplyAddress } from "./addresses";
import { resolveLocale } from "./locale";
import { renderEmail } from "./render";
import { singleLine } from "./sanitize";
import { isAutomatic } from "./templates";
import { mailTransport } from "./transport";
import { ZStoredVariables } from "./variables";

/** Where this run stands among the job's attempts (BullMQ: job.attemptsMade, job.opts.attempts). */
export interface SendAttempt {
  /** Attempts that already failed before this one. */
  attemptsMade: number;
  maxAttempts: number;
}

export type SendResult =
  | { status: "sent"; outboundEmailId: string }
  | { status: "skipped"; outboundEmailId: string; reason: "already_sent" | "not_found" };

const actor = systemActor("delivery");

/**
 * Renders and sends one OutboundEmail, then marks it SENT with its audit entry in one transaction.
 *
 * Delivery is at least once: a worker that dies after the relay accepted the message but before
 * the commit sends it again on retry. The copy carries the same Message-ID, which receiving
 * systems use to deduplicate; a SENT row is never sent again.
 *
 * On error the attempt is counted (attempts, lastError) and the error rethrown, so BullMQ retries
 * with backoff; on the last attempt the row becomes FAILED, audited as outbound.failed.
 */
export async function sendOutboundEmail(outboundEmailId: string, attempt: SendAttempt): Promise<SendResult> {
  const row = await db.outboundEmail.findUnique({ where: { id: outboundEmailId } });
  if (!row) {
    logger.warn({ outboundEmailId }, "outbound email not found; nothing to send");
    return { status: "skipped", outboundEmailId, reason: "not_found" };
  }
  if (row.status === "SENT") return { status: "skipped", outboundEmailId, reason: "already_sent" };

  const vars = ZStoredVariables.parse(row.variables);
  let caseNumber = vars.caseRef ? parseCaseRef(vars.caseRef) : null;
  if (caseNumber === null && row.caseId) {
    caseNumber = (await db.reviewCase.findUnique({ where: { id: row.caseId }, select: { number: true } }))?.number ?? null;
  }
  const caseRef = caseNumber === null ? null : formatCaseRef(caseNumber);
  const locale = resolveLocale(vars.locale);
  const override = locale === "en" ? await db.emailTemplate.findUnique({ where: { template: row.template } }) : null;
  const email = renderEmail({
    template: row.template,
    locale,
    variables: vars,
    caseRef,
    override,
    limits: { maxFiles: config.INTAKE_MAX_ATTACHMENTS, maxFileBytes: config.INTAKE_MAX_ATTACHMENT_BYTES },
    supportAddress: config.MAIL_FROM_ADDRESS,
  });
  const thread = vars.thread;

  try {
    await mailTransport().sendMail({
      from: { name: singleLine(config.MAIL_FROM_NAME), address: config.MAIL_FROM_ADDRESS },
      to: row.toAddress,
      // Replies to support+GH-000123@… thread into the case even when the subject is changed.
      replyTo: caseNumber === null ? undefined : caseReplyAddress(caseNumber),
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${row.messageId}>`,
      inReplyTo: thread?.inReplyTo ? `<${thread.inReplyTo}>` : undefined,
      references: thread?.references.length ? thread.references.map((r) => `<${r}>`) : undefined,
      headers: {
        // RFC 3834: tells other responders (out-of-office, ticket systems) not to answer us.
        "Auto-Submitted": isAutomatic(row.template) ? "auto-replied" : "auto-generated",
        "X-Auto-Response-Suppress": "OOF, AutoReply",
      },
      xMailer: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (err) {
    await recordFailure(row.id, row.attempts, err, attempt);
    throw err;
  }

  await db.$transaction(async (tx) => {
    const { count } = await tx.outboundEmail.updateMany({
      where: { id: row.id, status: { not: "SENT" } },
      data: { status: "SENT", sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
    });
    if (count === 0) return; // another run got there first
    await appendAudit(tx, {
      action: "outbound.sent",
      actor,
      caseId: row.caseId ?? undefined,
      accountId: row.accountId ?? undefined,
      target: { type: "OutboundEmail", id: row.id },
      data: { outboundEmailId: row.id, attempts: row.attempts + 1 },
    });
  });
  logger.info({ outboundEmailId: row.id, template: row.template, caseId: row.caseId }, "email sent");
  return { status: "sent", outboundEmailId: row.id };
}

async function recordFailure(id: string, attemptsBefore: number, err: unknown, attempt: SendAttempt): Promise<void> {
  const last = attempt.attemptsMade + 1 >= attempt.maxAttempts;
  try {
    await db.$transaction(async (tx) => {
      const { count } = await tx.outboundEmail.updateMany({
        where: { id, status: { not: "SENT" } },
        data: { attempts: { increment: 1 }, lastError: errorMessage(err), ...(last ? { status: "FAILED" as const } : {}) },
      });
      if (!last || count === 0) return;
      const row = await tx.outboundEmail.findUniqueOrThrow({ where: { id }, select: { caseId: true, accountId: true, attempts: true } });
      await appendAudit(tx, {
        action: "outbound.failed",
        actor,
        caseId: row.caseId ?? undefined,
        accountId: row.accountId ?? undefined,
        target: { type: "OutboundEmail", id },
        data: { outboundEmailId: id, attempts: row.attempts, error: errorCode(err) },
      });
    });
  } catch (dbErr) {
    // The send error is what BullMQ must see; this one only costs the attempt counter.
    logger.error({ outboundEmailId: id, attemptsBefore, ...errFields(dbErr) }, "could not record a failed send");
  }
}

/** For OutboundEmail.lastError (staff-visible): the message, one line, addresses removed. */
function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return singleLine(message.replace(/[^\s<>@]+@[^\s<>@]+/g, "[address]"), 500);
}

/** For the audit trail, which is kept for ever: a code, never the server's words (they may quote the address). */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; name?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "Error";
  return typeof e?.responseCode === "number" ? `${code} ${e.responseCode}` : code;
}
