import { createHmac } from "node:crypto";
import { macMatchesHex } from "../intake/edge/constant-time";
import { assertFresh } from "../intake/edge/freshness";
import { refuse } from "../intake/edge/refusal";
import { parseSignatureHeader } from "../intake/edge/signature-header";

// The identity service signs each request as the raw-MIME relay does (lib/intake/edge/providers/mime.ts),
// with its own secret:
//   X-Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(IDENTITY_EVENTS_SECRET, "<t>.<raw body>")>
// Several v1 values may be sent (secret rotation); one must match. The constant-time compare,
// freshness window, replay cache and header parser are the intake edge's own helpers.

export const IDENTITY_SIGNATURE_HEADER = "x-gatehouse-signature";

export interface VerifiedSignature {
  /** Unix seconds the sender signed at. */
  t: number;
  /** What the replay cache keys on: one (t, MAC) pair is accepted once. */
  replayValue: string;
}

/** Checks the signature of `raw`; throws 401 with details.reason (missing/malformed/bad signature, stale timestamp). */
export function verifySignature(raw: Uint8Array, header: string | null, opts: { secret: string; nowMs: number; toleranceSeconds: number }): VerifiedSignature {
  if (!header) {
    throw refuse("missing_signature", 'Sign the request: send X-Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(IDENTITY_EVENTS_SECRET, "<t>.<body>")>.');
  }
  const sig = parseSignatureHeader(header);
  if (!sig) throw refuse("malformed_signature", "X-Gatehouse-Signature must look like t=<unix seconds>,v1=<64 hex digits>.");
  const mac = createHmac("sha256", opts.secret).update(`${sig.t}.`).update(raw).digest();
  // Every candidate is compared (no early exit), each in constant time.
  const matched = sig.v1.map((v) => macMatchesHex(mac, v)).includes(true);
  if (!matched) throw refuse("bad_signature", "The X-Gatehouse-Signature does not match this body. Sign the exact bytes sent with IDENTITY_EVENTS_SECRET.");
  const t = assertFresh(sig.t, opts.nowMs, opts.toleranceSeconds);
  return { t, replayValue: `${sig.t}.${mac.toString("hex")}` };
}
