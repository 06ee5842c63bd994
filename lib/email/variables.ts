import { z } from "zod";
import { RejectReason, type OutboundTemplate } from "../generated/prisma/enums";
import { LOCALES } from "./locale";
import { displayFileName, multiLine, singleLine } from "./sanitize";

// What each template is rendered with. Validated (strict) when the email is queued, so nothing else
// (document data, free-form objects) reaches OutboundEmail.variables; text is cleaned on the way in.

/**
 * Why photos need to be sent again or a device was not authorised; each has wording per language.
 * Every RejectReason a decision records is one of them (checked below), plus what a resubmission
 * request names.
 */
export const EMAIL_REASON_CODES = [
  // RejectReason
  "NAME_MISMATCH",
  "DOCUMENT_UNREADABLE",
  "DOCUMENT_EXPIRED",
  "ID_BOUND_TO_OTHER_ACCOUNT",
  "NOT_ACCOUNT_HOLDER",
  "SUSPECTED_FRAUD",
  "OTHER",
  // resubmission requests
  "BLURRY",
  "GLARE",
  "CROPPED",
  "FRONT_MISSING",
  "BACK_MISSING",
  "NOT_AN_ID",
] as const;
export const ZEmailReasonCode = z.enum(EMAIL_REASON_CODES);
export type EmailReasonCode = z.infer<typeof ZEmailReasonCode>;
// A RejectReason added to the schema without wording here fails to compile.
const _everyRejectReason: readonly EmailReasonCode[] = Object.values(RejectReason);

const line = z.string().transform((v) => singleLine(v));
/** From the account record (Account.realName), never from an email's display name: that one is the sender's to choose. */
const customerName = line.nullish();
const deviceName = line.nullish();
const reasonCodes = z.array(ZEmailReasonCode).max(EMAIL_REASON_CODES.length).default([]);
/** Free text an agent adds to the reasons; shown as written. */
const reasonNote = z.string().transform((v) => multiLine(v)).optional();
const fileNames = z.array(z.string().transform(displayFileName)).max(20);

export const templateVariables = {
  ACKNOWLEDGEMENT: z.object({ customerName, deviceName, slaHours: z.number().int().min(1).max(24 * 30) }).strict(),
  WRONG_SENDER: z.object({ customerName }).strict(),
  RESUBMISSION_REQUEST: z.object({ customerName, reasonCodes, reasonNote }).strict(),
  ASK_FOR_JPEG: z.object({ customerName, fileNames: fileNames.optional() }).strict(),
  UNSUPPORTED_ATTACHMENT: z.object({ customerName, fileNames: fileNames.min(1) }).strict(),
  DECISION_APPROVED: z.object({ customerName, deviceName }).strict(),
  DECISION_REJECTED: z.object({ customerName, deviceName, reasonCodes, reasonNote }).strict(),
} satisfies Record<OutboundTemplate, z.ZodType>;

/** The variables a caller passes for each template. */
export type TemplateVariables = { [T in OutboundTemplate]: z.input<(typeof templateVariables)[T]> };

/**
 * OutboundEmail.variables as stored: the template's variables plus what was resolved when the
 * email was queued (language, case reference, threading). Read leniently at send time: every field optional.
 */
export const ZStoredVariables = z.object({
  locale: z.enum(LOCALES).catch("en"),
  caseRef: z.string().nullish(),
  customerName: z.string().nullish(),
  deviceName: z.string().nullish(),
  slaHours: z.number().optional(),
  reasonCodes: z.array(z.string()).optional(),
  reasonNote: z.string().optional(),
  fileNames: z.array(z.string()).optional(),
  /** Message-IDs (bare) of the email answered and its thread, for In-Reply-To and References. */
  thread: z.object({ inReplyTo: z.string().nullable(), references: z.array(z.string()) }).nullish(),
});
export type StoredVariables = z.infer<typeof ZStoredVariables>;
