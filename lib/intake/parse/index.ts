import type { EmailProvider } from "../../generated/prisma/enums";
import type { ParsedMessage } from "../types";
import { parseMailgun } from "./mailgun";
import { parseMime } from "./mime";
import { parsePostmark } from "./postmark";
import { parseSendgrid } from "./sendgrid";

export { displayNameSpoof } from "./spoof";
export { parseAuthenticationResults, mapAuthResult } from "./auth-results";

export interface ParseOptions {
  /**
   * authserv-ids whose Authentication-Results we believe (our MTA, the provider's MX). Without it the
   * first header is taken, which is right only when the receiving side always adds one.
   */
  trustedAuthServIds?: readonly string[];
}

/**
 * Any provider's stored payload → one ParsedMessage. Throws AppError UNPROCESSABLE (malformed JSON,
 * form or MIME) or UNSUPPORTED_MEDIA_TYPE (a form provider's body that is not a form): both are
 * permanent, retrying will not help.
 */
export async function parseInbound(provider: EmailProvider, raw: Buffer, contentType: string, opts: ParseOptions = {}): Promise<ParsedMessage> {
  switch (provider) {
    case "MIME":
      return parseMime(raw, opts);
    case "POSTMARK":
      return parsePostmark(raw, opts);
    case "MAILGUN":
      return parseMailgun(raw, contentType, opts);
    case "SENDGRID":
      return parseSendgrid(raw, contentType, opts);
  }
}
