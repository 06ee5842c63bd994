import { AppError } from "../../../errors";
import { checkBasicAuth } from "../basic-auth";
import { normalizeMessageId } from "../header-block";
import { requireMediaType } from "../media-type";
import type { ProviderAdapter } from "./types";

// Postmark inbound webhook: JSON (attachments inline as base64), HTTP Basic auth from the URL.
// Provider id: Postmark's MessageID; Message-ID from the Headers array when present.

function headerValue(headers: unknown, name: string): string | null {
  if (!Array.isArray(headers)) return null;
  for (const h of headers as unknown[]) {
    if (h && typeof h === "object" && "Name" in h && "Value" in h && typeof h.Name === "string" && typeof h.Value === "string" && h.Name.toLowerCase() === name) {
      return h.Value;
    }
  }
  return null;
}

export const postmark: ProviderAdapter = {
  provider: "POSTMARK",
  preAuthenticate(headers, settings) {
    checkBasicAuth(headers, settings.postmark, "Postmark");
  },
  async authenticate({ raw, contentType }) {
    requireMediaType(contentType, ["application/json"], "Postmark");
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      throw new AppError("INVALID_INPUT", "The body is not valid JSON.");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new AppError("INVALID_INPUT", "The body must be a JSON object (Postmark's inbound message).");
    const fields = body as Record<string, unknown>;
    const providerMessageId = typeof fields.MessageID === "string" ? fields.MessageID.trim() : "";
    if (!providerMessageId) throw new AppError("UNPROCESSABLE", "The JSON has no MessageID: send Postmark's inbound webhook payload unchanged.");
    return {
      envelope: { provider: "POSTMARK", providerMessageId, messageId: normalizeMessageId(headerValue(fields.Headers, "message-id")), contentType },
      extension: "json",
      claims: [],
    };
  },
};
