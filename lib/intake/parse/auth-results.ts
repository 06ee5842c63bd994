import type { SenderAuthResult } from "../../generated/prisma/enums";
import type { ParsedMessage } from "../types";
import type { HeaderField } from "./headers";

export type SenderAuth = ParsedMessage["auth"];
type Method = keyof SenderAuth;
type Partial3 = { [K in Method]: SenderAuthResult | null };

const RESULT: Record<string, SenderAuthResult> = {
  pass: "PASS",
  fail: "FAIL",
  hardfail: "FAIL",
  softfail: "SOFTFAIL",
  neutral: "NEUTRAL",
  policy: "NEUTRAL",
  bestguesspass: "NEUTRAL",
  none: "NONE",
  temperror: "TEMPERROR",
  permerror: "PERMERROR",
};

/** "pass", "Pass", "Fail (reason)" → enum; null when the word means nothing to us. */
export function mapAuthResult(word: string | null | undefined): SenderAuthResult | null {
  const w = word?.trim().toLowerCase().match(/^[a-z]+/)?.[0];
  return w ? (RESULT[w] ?? null) : null;
}

/** RFC 8601 comments "(…)", nested, outside quoted strings, removed. */
function stripComments(s: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      if (depth === 0) out += c + (s[i + 1] ?? "");
      i++;
    } else if (c === '"' && depth === 0) {
      quoted = !quoted;
      out += c;
    } else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")" && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Several results for one method (two DKIM signatures): any pass wins, otherwise the first. */
function combine(prev: SenderAuthResult | null, next: SenderAuthResult): SenderAuthResult {
  if (prev === null) return next;
  return next === "PASS" ? "PASS" : prev;
}

/** One Authentication-Results value → its authserv-id and the spf/dkim/dmarc results it reports. */
export function parseAuthenticationResults(value: string): { authservId: string; results: Partial3 } {
  const [head = "", ...resinfos] = splitOutsideQuotes(stripComments(value), ";");
  const authservId = head.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const results: Partial3 = { spf: null, dkim: null, dmarc: null };
  for (const info of resinfos) {
    const m = info.trim().match(/^([a-z0-9-]+)(?:\/[0-9]+)?\s*=\s*"?([a-z]+)/i);
    if (!m) continue;
    const method = m[1].toLowerCase();
    const result = mapAuthResult(m[2]);
    if (result && (method === "spf" || method === "dkim" || method === "dmarc")) {
      results[method] = combine(results[method], result);
    }
  }
  return { authservId, results };
}

/** SendGrid's "dkim" field: "{@example.com : pass, @sendgrid.net : fail}" or "none". */
export function parseSendgridDkim(value: string | null | undefined): SenderAuthResult | null {
  if (!value) return null;
  let out: SenderAuthResult | null = null;
  for (const m of value.matchAll(/:\s*([a-z]+)/gi)) {
    const r = mapAuthResult(m[1]);
    if (r) out = combine(out, r);
  }
  return out ?? mapAuthResult(value.replace(/[{}]/g, ""));
}

export interface ResolveAuthInput {
  /** Every header of the message, topmost first. */
  fields: HeaderField[];
  /** Results the provider reported outside the message (SendGrid "SPF"/"dkim" fields): the sender cannot forge these. */
  provider?: Partial<Partial3>;
  /** When given, only Authentication-Results headers from these authserv-ids are believed. */
  trustedAuthServIds?: readonly string[];
}

/**
 * Sender authentication for one message. Order: results the provider reported out of band, then the
 * first Authentication-Results header (the receiving provider prepends its own above anything the
 * sender wrote), then provider headers (X-Mailgun-Spf, X-Mailgun-Dkim-Check-Result) and Received-SPF.
 * NONE when nothing says.
 */
export function resolveAuth({ fields, provider, trustedAuthServIds }: ResolveAuthInput): SenderAuth {
  const out: Partial3 = { spf: provider?.spf ?? null, dkim: provider?.dkim ?? null, dmarc: provider?.dmarc ?? null };
  const trusted = trustedAuthServIds?.map((s) => s.toLowerCase());
  const ar = fields
    .filter((f) => f.name === "authentication-results")
    .map((f) => parseAuthenticationResults(f.value))
    .find((r) => !trusted || trusted.includes(r.authservId));
  if (ar) for (const k of ["spf", "dkim", "dmarc"] as const) out[k] ??= ar.results[k];

  const first = (name: string) => fields.find((f) => f.name === name)?.value;
  out.spf ??= mapAuthResult(first("x-mailgun-spf")) ?? mapAuthResult(first("received-spf"));
  out.dkim ??= mapAuthResult(first("x-mailgun-dkim-check-result"));
  return { spf: out.spf ?? "NONE", dkim: out.dkim ?? "NONE", dmarc: out.dmarc ?? "NONE" };
}
