import { createHmac } from "node:crypto";
import { config } from "../config";

// One ID document verifies one account: Account.idFingerprint is unique. The fingerprint is a keyed
// hash so the column reveals nothing about the document without ID_FINGERPRINT_KEY, which the
// identity service shares. Both sides must compute exactly this:
//
//   part      = NFKC(part), upper-case, every whitespace character and dash removed
//   canonical = docType "\n" country "\n" number          (no part can contain "\n")
//   result    = lower-case hex HMAC-SHA256(key = ID_FINGERPRINT_KEY, message = UTF-8 canonical)

export interface IdDocumentIdentity {
  /** e.g. ID_CARD, PASSPORT, DRIVING_LICENCE. */
  docType: string;
  /** Issuing country as the identity service records it (ISO 3166 alpha-2 or ICAO alpha-3). */
  country: string;
  /** Document number as printed. */
  number: string;
}

// Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
const SPACES_AND_DASHES = /[\s\u002D\u2010\u2011\u2012\u2013\u2014\u2212]/gu;

export function normaliseIdPart(part: string): string {
  return part.normalize("NFKC").toUpperCase().replace(SPACES_AND_DASHES, "");
}

export function idFingerprint(doc: IdDocumentIdentity, key: string = config.ID_FINGERPRINT_KEY): string {
  const parts = [doc.docType, doc.country, doc.number].map(normaliseIdPart);
  if (parts.some((p) => p.length === 0)) throw new RangeError("ID document type, country and number are all required");
  return createHmac("sha256", key).update(parts.join("\n"), "utf8").digest("hex");
}
