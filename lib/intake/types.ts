import type { EmailProvider, SenderAuthResult } from "../generated/prisma/enums";

// Contracts between the intake pieces: the edge (app/api/inbound/* → lib/intake/edge), the
// parsers (lib/intake/parse), attachment vetting (lib/intake/vetting) and the worker's pipeline
// (lib/intake/process). Personal data lives in these values in memory only: job payloads carry
// the InboundEmail id, logs carry ids and counts.

/** What the edge extracted before storing: enough to deduplicate, nothing more. */
export interface EdgeEnvelope {
  provider: EmailProvider;
  /** The provider's id for this delivery (Postmark MessageID, Mailgun token/Message-Id, SendGrid …); MIME: the Message-ID or the SHA-256 of the body. */
  providerMessageId: string;
  /** RFC 5322 Message-ID without angle brackets, when the payload has one. */
  messageId: string | null;
  /** The Content-Type the raw payload was stored with (application/json, multipart/form-data; boundary=…, message/rfc822). */
  contentType: string;
}

/** One attachment as the message carries it, before vetting. */
export interface RawPart {
  /** File name as sent (untrusted, may be empty, may contain anything). */
  fileName: string | null;
  /** Content-Type as sent (untrusted). */
  declaredType: string | null;
  /** inline (cid-referenced) or attachment. */
  disposition: "inline" | "attachment";
  contentId: string | null;
  content: Buffer;
  /** A message/rfc822 part (a forwarded email): its own attachments are included in `parts` too, flattened, with `fromForwarded: true`. */
  fromForwarded?: boolean;
}

export interface Address {
  address: string;
  name: string | null;
}

/** Every provider format normalised to this one shape (lib/intake/parse). */
export interface ParsedMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: Address | null;
  /** Reply-To when present (replies go there only if it is the same mailbox as From). */
  replyTo: Address | null;
  to: Address[];
  subject: string | null;
  date: Date | null;
  text: string | null;
  /** Raw HTML as sent; never shown before lib/intake/sanitize.ts. */
  html: string | null;
  /** Lower-cased header names → values as sent (Auto-Submitted, List-Id, Precedence, Authentication-Results…). */
  headers: Record<string, string>;
  /** Sender authentication as reported by the receiving provider (Authentication-Results, Received-SPF, provider fields). */
  auth: { spf: SenderAuthResult; dkim: SenderAuthResult; dmarc: SenderAuthResult };
  parts: RawPart[];
}

export type VettingVerdictName = "ACCEPTED" | "PREVIEW_UNAVAILABLE" | "REJECTED";

/** The outcome of vetting one attachment (lib/intake/vetting). */
export interface VettedPart {
  verdict: VettingVerdictName;
  /** Why, in words an agent (and, for rejections, the customer) can act on. */
  reason: string | null;
  /** Machine reason for rejections: what the customer reply explains. */
  rejectCode: "TOO_LARGE" | "TOO_MANY" | "UNSUPPORTED_TYPE" | "ARCHIVE_OR_OFFICE" | "PIXEL_BOMB" | "CORRUPT" | "NOT_A_DOCUMENT" | null;
  /** MIME type sniffed from magic bytes; null when unknown. */
  sniffedType: string | null;
  sha256: string;
  sizeBytes: number;
  /** Re-encoded JPEG without any metadata, and a thumbnail: only for ACCEPTED images. */
  normalized: Buffer | null;
  thumbnail: Buffer | null;
  width: number | null;
  height: number | null;
  /** 64-bit perceptual hash (hex) of the normalised image. */
  perceptualHash: string | null;
}
