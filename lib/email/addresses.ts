import { config } from "../config";
import { formatCaseRef, parseCaseRef } from "../cases/case-ref";

// Our own address, the per-case reply address (support+GH-000123@…) and Message-IDs. Message-IDs
// are stored without angle brackets everywhere (InboundEmail.messageId, OutboundEmail.messageId),
// so threading compares like with like; the brackets are added only when writing headers.

function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

/** The domain of MAIL_FROM_ADDRESS: our Message-IDs and reply addresses live under it. */
export function ourDomain(): string {
  return splitAddress(config.MAIL_FROM_ADDRESS)!.domain;
}

/** Trimmed and lower-cased, as Account.emailNormalized: what the daily limit counts per recipient. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** MAIL_FROM_ADDRESS itself or any address at its domain (or a subdomain): replying would loop. */
export function isOwnAddress(address: string): boolean {
  const parts = splitAddress(normalizeAddress(address));
  if (!parts) return false;
  const ours = ourDomain();
  return parts.domain === ours || parts.domain.endsWith(`.${ours}`);
}

/** support+GH-000123@domain: a customer's reply to it threads into the case. */
export function caseReplyAddress(caseNumber: number): string {
  const { local, domain } = splitAddress(config.MAIL_FROM_ADDRESS)!;
  return `${local.split("+")[0]}+${formatCaseRef(caseNumber)}@${domain}`;
}

/** The case number in one of our plus addresses (support+GH-000123@our domain), else null. */
export function caseNumberFromAddress(address: string): number | null {
  const parts = splitAddress(normalizeAddress(address));
  if (!parts || parts.domain !== ourDomain()) return null;
  const plus = parts.local.indexOf("+");
  return plus < 0 ? null : parseCaseRef(parts.local.slice(plus + 1));
}

/** "<abc@x>" or " abc@x " → "abc@x"; null when nothing is left. */
export function normalizeMessageId(id: string | null | undefined): string | null {
  const bare = (id ?? "").trim().replace(/^<+/, "").replace(/>+$/, "").trim();
  // A Message-ID never contains whitespace or brackets; anything that does is not one (and could smuggle header text).
  return bare && !/[\s<>]/.test(bare) ? bare : null;
}

/** A new Message-ID under our domain (stored bare; the header adds the brackets). */
export function newMessageId(uuid: string): string {
  return `${uuid}@${ourDomain()}`;
}

const MAX_REFERENCES = 20;

/**
 * In-Reply-To and References for answering `parent` (RFC 5322 §3.6.4): its References, then its
 * Message-ID; bare, oldest first, the last 20. Entries that are not Message-IDs are dropped.
 */
export function threadOf(parent: { messageId: string | null; references: string[] }): { inReplyTo: string | null; references: string[] } {
  const parentId = normalizeMessageId(parent.messageId);
  const refs = parent.references.flatMap((r) => r.match(/[^\s<>,]+/g) ?? []).map(normalizeMessageId).filter((r): r is string => r !== null);
  const chain = [...new Set([...refs, ...(parentId ? [parentId] : [])])];
  return { inReplyTo: parentId, references: chain.slice(-MAX_REFERENCES) };
}
