import type { OutboundTemplate } from "../../generated/prisma/enums";
import type { EmailReasonCode } from "../variables";

/**
 * One language. Texts are plain text with {{variables}} (the same format as the admin-edited
 * EmailTemplate rows) and simple sections: {{#name}}…{{/name}} is kept when the variable is
 * non-empty, {{^name}}…{{/name}} when it is empty. Subjects carry no case reference: rendering
 * appends "[GH-000123]" whenever the email belongs to a case.
 *
 * Variables every text may use: greeting, customerName, caseRef, deviceName, slaHours, reasonText,
 * files (quoted list), fileName (plain list), acceptedFiles, maxFiles, maxFileMb, supportAddress.
 */
export interface LanguagePack {
  templates: Record<OutboundTemplate, { subject: string; text: string }>;
  greeting(name: string | null): string;
  /** When the device's name is unknown: "… the login on your new device". */
  defaultDevice: string;
  /** "" for OTHER: the agent's note says it. */
  reasons: Record<EmailReasonCode, string>;
  /** When a rejection or resubmission request names no reason. */
  noReason: string;
  acceptedFiles(limits: { maxFiles: number; maxFileMb: number }): string;
  /** "a", "b" and "c" with the language's conjunction. */
  joinList(items: string[]): string;
  quote(text: string): string;
}
