import { createHmac } from "node:crypto";
import { AppError } from "../../../errors";
import { macMatchesHex, sha256Hex } from "../constant-time";
import { assertFresh } from "../freshness";
import { headerSection, looksLikeMessage, messageIdOf } from "../header-block";
import { requireMediaType } from "../media-type";
import { claimOnce } from "../replay-cache";
import { refuse } from "../refusal";
import { parseSignatureHeader } from "../signature-header";
import type { ProviderAdapter } from "./types";

// A raw RFC 822 message as the body (SES-to-S3 relays, our own MTA), signed with
//   X-Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(INBOUND_MIME_SECRET, "<t>.<raw body>")>
// Several v1 values may be sent (secret rotation); one must match. A (t, v1) pair is accepted once.
// Provider id: the Message-ID, else the SHA-256 of the body (stable across retries).

export const SIGNATURE_HEADER = "x-gatehouse-signature";

export const mime: ProviderAdapter = {
  provider: "MIME",
  async authenticate({ raw, headers, nowMs, settings, contentType }) {
    requireMediaType(contentType, ["message/rfc822", "application/octet-stream"], "Raw MIME");
    const header = headers.get(SIGNATURE_HEADER);
    if (!header) throw refuse("missing_signature", "Sign the message: send X-Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>.");
    const sig = parseSignatureHeader(header);
    if (!sig) throw refuse("malformed_signature", "X-Gatehouse-Signature must look like t=<unix seconds>,v1=<64 hex digits>.");
    const mac = createHmac("sha256", settings.mimeSecret).update(`${sig.t}.`).update(raw).digest();
    // Every candidate is compared (no early exit), each in constant time.
    const matched = sig.v1.map((v) => macMatchesHex(mac, v)).includes(true);
    if (!matched) throw refuse("bad_signature", "The X-Gatehouse-Signature does not match this body. Sign the exact bytes sent with INBOUND_MIME_SECRET.");
    assertFresh(sig.t, nowMs, settings.toleranceSeconds);
    if (!looksLikeMessage(headerSection(raw))) {
      throw new AppError("INVALID_INPUT", "The body is not an RFC 822 message: it must start with header fields (Name: value).");
    }
    const messageId = messageIdOf(raw);
    // Last: a claim is only taken for a request that is otherwise acceptable.
    const claim = await claimOnce("mime-signature", `${sig.t}.${mac.toString("hex")}`, 2 * settings.toleranceSeconds);
    return {
      envelope: { provider: "MIME", providerMessageId: messageId ?? sha256Hex(raw), messageId, contentType: "message/rfc822" },
      extension: "eml",
      claims: [claim],
    };
  },
};
