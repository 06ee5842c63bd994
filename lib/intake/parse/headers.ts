import { parseAddressHeader, type AddressObject, type HeaderLines } from "mailparser";
import type { Address } from "../types";

// Small, shared normalisers: every provider format ends up with the same header map, addresses and
// Message-IDs, whatever shape the provider handed them over in.

/** One header as it appeared, in order (repeated headers stay separate, topmost first). */
export interface HeaderField {
  name: string;
  value: string;
}

const unfold = (s: string) => s.replace(/\r?\n[ \t]*/g, " ").trim();

/** mailparser's raw header lines → name/value pairs, names lower-cased, values unfolded. */
export function fieldsFromLines(lines: HeaderLines): HeaderField[] {
  return lines.map(({ key, line }) => {
    const colon = line.indexOf(":");
    return { name: key.toLowerCase(), value: unfold(colon >= 0 ? line.slice(colon + 1) : "") };
  });
}

export function fieldsFromPairs(pairs: Iterable<readonly [string, string]>): HeaderField[] {
  const out: HeaderField[] = [];
  for (const [name, value] of pairs) {
    const n = name.trim().toLowerCase();
    if (n) out.push({ name: n, value: unfold(value) });
  }
  return out;
}

/** Lower-cased name → value; a repeated header keeps its first (topmost, most recently added) value. */
export function headerRecord(fields: HeaderField[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const f of fields) if (!(f.name in out)) out[f.name] = f.value;
  return { ...out };
}

/** A header block (name/value pairs) rebuilt as RFC 5322 text, so mailparser decodes it like any message. */
export function headerBlock(fields: HeaderField[]): Buffer {
  const safe = (s: string) => s.replace(/[\r\n]+/g, " ");
  return Buffer.from(fields.map((f) => `${safe(f.name)}: ${safe(f.value)}`).join("\r\n") + "\r\n\r\n", "utf8");
}

/** "<id@host>" → "id@host"; null for empty. */
export function messageIdOf(v: string | null | undefined): string | null {
  if (!v) return null;
  const first = v.trim().match(/<([^<>]*)>/)?.[1] ?? v.trim().split(/\s+/)[0];
  const id = first?.trim();
  return id ? id : null;
}

/** References (string or list, any separators) → Message-IDs without brackets, in order, deduplicated. */
export function splitReferences(v: string | string[] | null | undefined): string[] {
  const all = (Array.isArray(v) ? v : [v ?? ""]).join(" ");
  const ids = [...all.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
  const found = ids.length > 0 ? ids : all.split(/[\s,]+/).filter(Boolean);
  return [...new Set(found)];
}

function fromObjects(objs: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const walk = (list: { address?: string; name: string; group?: { address?: string; name: string }[] }[]) => {
    for (const a of list) {
      if (a.group) walk(a.group);
      const address = a.address?.trim();
      if (address) out.push({ address, name: a.name.trim() || null });
    }
  };
  for (const o of Array.isArray(objs) ? objs : objs ? [objs] : []) walk(o.value);
  return out;
}

/** Address header value(s) or parsed objects → trimmed addresses (groups flattened). */
export function addressesOf(v: AddressObject | AddressObject[] | string | null | undefined): Address[] {
  if (v == null) return [];
  if (typeof v === "string") return v.trim() ? fromObjects(parseAddressHeader(v)) : [];
  return fromObjects(v);
}

export function firstAddressOf(v: AddressObject | AddressObject[] | string | null | undefined): Address | null {
  return addressesOf(v)[0] ?? null;
}

/** A structured { email, name } pair (Postmark's FromFull) → Address. */
export function addressFromParts(address: string | null | undefined, name: string | null | undefined): Address | null {
  const a = address?.trim();
  return a ? { address: a, name: name?.trim() || null } : null;
}

/** RFC 5322 date text → Date; null when missing or unparseable (never "now", as mailparser would). */
export function dateOf(v: string | null | undefined): Date | null {
  if (!v) return null;
  const t = Date.parse(v.replace(/\([^)]*\)\s*$/, "").trim());
  return Number.isNaN(t) ? null : new Date(t);
}

export const blankToNull = (s: string | null | undefined): string | null => (s && s.length > 0 ? s : null);

/** Whether the HTML body references this Content-ID (then the part is an inline image, not an attachment). */
export function htmlReferencesCid(html: string | null, cid: string | null): boolean {
  if (!html || !cid) return false;
  const id = cid.replace(/^<|>$/g, "").trim().toLowerCase();
  if (!id) return false;
  const h = html.toLowerCase();
  return h.includes(`cid:${id}`) || h.includes(`cid:${encodeURIComponent(id).toLowerCase()}`);
}
