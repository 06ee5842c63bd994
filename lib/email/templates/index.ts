import type { OutboundTemplate } from "../../generated/prisma/enums";
import type { Locale } from "../locale";
import { en } from "./en";
import { es } from "./es";
import type { LanguagePack } from "./types";

export type { LanguagePack } from "./types";

export const languagePacks: Record<Locale, LanguagePack> = { en, es };

/**
 * Replies sent without a human deciding to: the intake worker sends them in answer to an inbound
 * email. Only these are refused to auto-submitted and list mail, count towards
 * AUTO_REPLY_MAX_PER_DAY and carry "Auto-Submitted: auto-replied". The others are sent because an
 * agent acted (a decision, a resubmission request, the one-click "ask for JPEG") and carry
 * "Auto-Submitted: auto-generated".
 */
export const AUTOMATIC_TEMPLATES: readonly OutboundTemplate[] = ["ACKNOWLEDGEMENT", "WRONG_SENDER", "UNSUPPORTED_ATTACHMENT"];

export function isAutomatic(template: OutboundTemplate): boolean {
  return AUTOMATIC_TEMPLATES.includes(template);
}
