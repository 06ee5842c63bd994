import { createHmac, timingSafeEqual } from "node:crypto";

// The identity service's side of Standard Webhooks, written from the spec (not shared with
// lib/webhooks, so the two implementations check each other): key = base64 after "whsec_",
// signed content "<webhook-id>.<webhook-timestamp>.<raw body>", HMAC-SHA256, base64, "v1,<sig>"
// (space-separated list), timestamp within ±5 minutes.

export type Rejection = "missing_headers" | "stale_timestamp" | "bad_signature";

export function verifyStandardWebhook(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): Rejection | null {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return "missing_headers";
  const ts = Number.parseInt(timestamp, 10);
  if (!Number.isFinite(ts) || String(ts) !== timestamp || Math.abs(nowSeconds - ts) > toleranceSeconds) return "stale_timestamp";
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  // Compared as base64 text: decoding first would accept altered strings (Node's decoder ignores
  // stray characters and the unused low bits of the last digit).
  const expected = Buffer.from(createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest("base64"));
  const match = signature.split(" ").some((entry) => {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") return false;
    const given = Buffer.from(entry.slice(comma + 1));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? null : "bad_signature";
}
