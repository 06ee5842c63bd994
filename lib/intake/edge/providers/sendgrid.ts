import { AppError } from "../../../errors";
import { checkBasicAuth } from "../basic-auth";
import { sha256Hex } from "../constant-time";
import { publicKeyFrom, verifyEcdsa } from "../ecdsa";
import { formText, readForm } from "../form";
import { assertFresh } from "../freshness";
import { messageIdOf } from "../header-block";
import { requireMediaType } from "../media-type";
import { claimOnce } from "../replay-cache";
import { refuse } from "../refusal";
import type { EdgeInput, ProviderAdapter } from "./types";

// SendGrid Inbound Parse: multipart form, raw mode (field "email" holds the whole MIME message)
// or parsed mode (headers, text, html, attachmentN…). HTTP Basic from the URL always; when
// SENDGRID_PUBLIC_KEY is set, also its ECDSA signature over timestamp + raw body, accepted once.
// Provider id: the Message-ID, else the SHA-256 of the "email" field (raw) or of the "headers"
// field (parsed) — both the same on a retry, unlike the multipart boundary.

export const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

function checkSignature({ raw, headers, nowMs, settings }: EdgeInput, publicKey: string): { timestamp: string } {
  const signature = headers.get(SIGNATURE_HEADER)?.trim();
  const timestamp = headers.get(TIMESTAMP_HEADER)?.trim();
  if (!signature || !timestamp) {
    throw refuse("missing_signature", `Signed Inbound Parse is required: send the ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} headers.`);
  }
  if (!verifyEcdsa(publicKeyFrom(publicKey), timestamp, raw, signature)) {
    throw refuse("bad_signature", "The SendGrid signature does not match this body. Check the verification key configured in Gatehouse.");
  }
  assertFresh(timestamp, nowMs, settings.toleranceSeconds);
  return { timestamp };
}

export const sendgrid: ProviderAdapter = {
  provider: "SENDGRID",
  preAuthenticate(headers, settings) {
    checkBasicAuth(headers, settings.sendgrid, "SendGrid");
  },
  async authenticate(input) {
    const { raw, contentType, settings } = input;
    requireMediaType(contentType, ["multipart/form-data"], "SendGrid Inbound Parse");
    const signed = settings.sendgrid.publicKey ? checkSignature(input, settings.sendgrid.publicKey) : null;
    const form = await readForm(raw, contentType);
    const email = await formText(form, "email");
    const headerBlock = email === null ? await formText(form, "headers") : null;
    const source = email ?? headerBlock;
    if (source === null) {
      throw new AppError("UNPROCESSABLE", "The form has neither an email field (raw mode) nor a headers field (parsed mode): send SendGrid's Inbound Parse payload unchanged.");
    }
    const messageId = messageIdOf(source);
    // Keyed on what was signed, not on the signature: ECDSA signatures are malleable.
    const claims = signed ? [await claimOnce("sendgrid-signature", `${signed.timestamp}.${sha256Hex(raw)}`, 2 * settings.toleranceSeconds)] : [];
    return {
      envelope: { provider: "SENDGRID", providerMessageId: messageId ?? sha256Hex(source), messageId, contentType },
      extension: "multipart",
      claims,
    };
  },
};
