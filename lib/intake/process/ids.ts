import { createHash } from "node:crypto";

// Deterministic ids, so a job that runs twice (or again after a crash between its S3 writes and
// its transaction) reuses the same rows' ids and the same object keys instead of making new ones.

/** A UUID (version 8, RFC 9562 "custom") derived from a SHA-256 of the parts. */
export function deterministicUuid(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest().subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x80; // version 8
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The Document id of attachment number `index` (0-based, in message order) of an inbound email. */
export function documentIdFor(inboundEmailId: string, index: number): string {
  return deterministicUuid("gatehouse:document", inboundEmailId, String(index));
}

/** Object keys, the same layout the seed uses: originals in quarantine (never served), the rest beside. */
export function documentKeys(documentId: string) {
  return {
    original: `quarantine/originals/${documentId}`,
    normalized: `normalized/${documentId}.jpg`,
    thumbnail: `thumbnails/${documentId}.jpg`,
  } as const;
}

/** Text as sent, made storable: Postgres refuses NUL in text, and nothing needs kilobytes of a name. */
export function storable(text: string | null | undefined, max = 998): string | null {
  if (text == null) return null;
  const clean = text.replace(/\u0000/g, "");
  return clean.length > max ? clean.slice(0, max) : clean;
}

/** "<abc@host>" and "abc@host" are the same Message-ID; store and compare both spellings. */
export function messageIdForms(id: string): string[] {
  const bare = id.trim().replace(/^<|>$/g, "");
  return bare ? [bare, `<${bare}>`] : [];
}
