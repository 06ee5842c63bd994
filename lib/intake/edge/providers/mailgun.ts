import { createHmac } from "node:crypto";
import { macMatchesHex } from "../constant-time";
import { formText, readForm } from "../form";
import { assertFresh } from "../freshness";
import { messageIdOf, normalizeMessageId } from "../header-block";
import { requireMediaType } from "../media-type";
import { claimOnce } from "../replay-cache";
import { refuse } from "../refusal";
import type { ProviderAdapter } from "./types";

// Mailgun routes (forward/store-and-notify): a multipart form (urlencoded when there are no
// attachments) carrying timestamp, token and signature = hex HMAC-SHA256(signing key, timestamp + token).
// The signature does not cover the message, so each token is accepted once (replay cache).
//
// Provider id: the Message-Id, else the token. Mailgun signs every POST with a fresh token, so a
// retried delivery is recognised by its Message-Id; the token only identifies the (rare) message
// that has none.

/** The Message-ID from the "Message-Id" field, the message-headers JSON, or body-mime's header section. */
async function messageIdFrom(form: FormData): Promise<string | null> {
  const field = normalizeMessageId(await formText(form, "Message-Id"));
  if (field) return field;
  const list = await formText(form, "message-headers");
  if (list) {
    try {
      const pairs: unknown = JSON.parse(list);
      if (Array.isArray(pairs)) {
        for (const pair of pairs as unknown[]) {
          if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string" && pair[0].toLowerCase() === "message-id") {
            const id = normalizeMessageId(pair[1]);
            if (id) return id;
          }
        }
      }
    } catch {
      // Not JSON: the other sources may still have it.
    }
  }
  const mime = await formText(form, "body-mime");
  return mime ? messageIdOf(mime) : null;
}

export const mailgun: ProviderAdapter = {
  provider: "MAILGUN",
  async authenticate({ raw, contentType, nowMs, settings }) {
    const type = requireMediaType(contentType, ["multipart/form-data", "application/x-www-form-urlencoded"], "Mailgun");
    const form = await readForm(raw, contentType);
    const [timestamp, token, signature] = await Promise.all(["timestamp", "token", "signature"].map((n) => formText(form, n)));
    if (!timestamp || !token || !signature) {
      throw refuse("missing_signature", "The form has no Mailgun signature: the timestamp, token and signature fields are required.");
    }
    const mac = createHmac("sha256", settings.mailgunSigningKey).update(timestamp + token).digest();
    if (!macMatchesHex(mac, signature.trim())) {
      throw refuse("bad_signature", "The Mailgun signature does not match. Check the HTTP webhook signing key configured in Gatehouse.");
    }
    assertFresh(timestamp, nowMs, settings.toleranceSeconds);
    const messageId = await messageIdFrom(form);
    const claim = await claimOnce("mailgun-token", token, 2 * settings.toleranceSeconds);
    return {
      envelope: { provider: "MAILGUN", providerMessageId: messageId ?? token, messageId, contentType },
      extension: type === "multipart/form-data" ? "multipart" : "form",
      claims: [claim],
    };
  },
};
