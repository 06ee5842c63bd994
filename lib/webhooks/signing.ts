import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Standard Webhooks (https://www.standardwebhooks.com, spec v1): the secret is "whsec_" + base64
// of 24–64 random bytes; the key is the decoded bytes; the signature is
// base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), sent as "v1,<sig>"
// (several space-separated during a secret rotation).

export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

export function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  if (key.length < 24 || key.length > 64) throw new Error("webhook secrets are 24–64 bytes (whsec_<base64>)");
  return key;
}

export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  return createHmac("sha256", secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signWebhook(secret: string, id: string, body: string, at: Date = new Date()): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signatureOf(secret, id, timestamp, body)}` };
}

export type VerifyFailure = "missing_headers" | "bad_timestamp" | "stale_timestamp" | "bad_signature";

/** Verifies a received webhook (the simulator and receivers use it). Tolerance: 5 minutes either way, as the spec suggests. */
export function verifyWebhook(
  secret: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: string,
  opts: { now?: Date; toleranceSeconds?: number } = {},
): { ok: true } | { ok: false; reason: VerifyFailure } {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing_headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "bad_timestamp" };
  const ts = Number(timestamp);
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: "stale_timestamp" };
  // Compared as text, not decoded: Node's base64 decoder ignores stray characters and the unused
  // low bits of the last digit, so a decoded compare would accept altered signature strings.
  const expected = Buffer.from(signatureOf(secret, id, ts, body), "utf8");
  for (const part of signature.split(" ")) {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "utf8");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "bad_signature" };
}
