import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares two secrets in constant time. Both sides are hashed first, so the comparison runs on
 * equal-length buffers and takes the same time whatever the lengths (timingSafeEqual alone
 * throws on different lengths, which would leak the expected length).
 */
export function safeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Compares a computed MAC with a hex string from the request, in constant time. */
export function macMatchesHex(mac: Buffer, hex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length !== mac.length * 2) return false;
  return timingSafeEqual(mac, Buffer.from(hex, "hex"));
}

export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
