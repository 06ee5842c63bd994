import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { isAppError } from "../errors";
import type { EmailProvider } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { parseInbound } from "../intake/parse";
import { sanitizeEmailHtml } from "../intake/sanitize";
import { logger, errFields } from "../log";
import { getBytes } from "../storage";
import { THREAD_LIMIT } from "./case-context-thread";
import { caseNumberOf } from "./shared";

// The bodies of the customer's emails on a case. Intake keeps no body column: the message is only
// in the raw payload (inbound bucket, quarantine), so it is read and parsed again here, one email
// at a time, and only the newest few. Text is preferred (React escapes it); an HTML-only message
// is shown through lib/intake/sanitize.ts and nothing else. Retention deletes raw payloads.

export type EmailBody =
  | { kind: "text"; text: string; truncated: boolean }
  /** Sanitised: safe to insert as HTML. */
  | { kind: "html"; html: string; truncated: boolean }
  | { kind: "empty" }
  | { kind: "unavailable"; reason: "purged" | "unreadable" | "not_loaded" };

/** Bodies are read for this many of the newest emails; older ones say so. */
export const MAX_BODIES = 10;
const MAX_TEXT_CHARS = 20_000;
const MAX_HTML_CHARS = 200_000;

// Invisible and bidi controls (not line breaks or tabs): a body must not reorder what agents read.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(INVISIBLE, "").replace(/\n{4,}/g, "\n\n\n").trim();
}

/** A customer's <h1> must not become a heading of the console page (outline, screen readers). The sanitiser leaves heading tags without attributes. */
const demoteHeadings = (html: string) => html.replace(/<h[1-6]>/g, "<p><strong>").replace(/<\/h[1-6]>/g, "</strong></p>");

/** A parsed message's body as it may be shown. */
export function displayBody(message: { text: string | null; html: string | null }): EmailBody {
  const text = message.text ? cleanText(message.text) : "";
  if (text) return { kind: "text", text: text.slice(0, MAX_TEXT_CHARS), truncated: text.length > MAX_TEXT_CHARS };
  if (message.html?.trim()) {
    const html = demoteHeadings(sanitizeEmailHtml(message.html.slice(0, MAX_HTML_CHARS))).trim();
    if (html) return { kind: "html", html, truncated: message.html.length > MAX_HTML_CHARS };
  }
  return { kind: "empty" };
}

function contentTypeOf(provider: EmailProvider, stored: string | null): string {
  // As lib/intake/process/prepare.ts: rows from before rawContentType existed.
  return stored ?? (provider === "POSTMARK" ? "application/json" : "message/rfc822");
}

async function readBody(row: { id: string; provider: EmailProvider; rawKey: string; rawContentType: string | null }, purged: boolean): Promise<EmailBody> {
  let raw: Buffer;
  try {
    raw = await getBytes("inbound", row.rawKey);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") return { kind: "unavailable", reason: purged ? "purged" : "unreadable" };
    throw err;
  }
  try {
    return displayBody(await parseInbound(row.provider, raw, contentTypeOf(row.provider, row.rawContentType)));
  } catch (err) {
    logger.warn({ inboundEmailId: row.id, ...errFields(err) }, "case email body could not be parsed");
    return { kind: "unavailable", reason: "unreadable" };
  }
}

/** Bodies of the case's inbound emails by email id (queue.read). Emails past the newest MAX_BODIES are "not_loaded". */
export async function getCaseEmailBodies(actor: Actor, ref: string, opts: { request?: RequestContext } = {}): Promise<Record<string, EmailBody>> {
  await requireStaff(actor, "queue.read", { request: opts.request });
  const number = caseNumberOf(ref);
  const c = await db.reviewCase.findUnique({ where: { number }, select: { id: true, photosPurgedAt: true } });
  if (!c) return {};
  const rows = await db.inboundEmail.findMany({
    where: { caseId: c.id },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: THREAD_LIMIT,
    select: { id: true, provider: true, rawKey: true, rawContentType: true },
  });
  const out: Record<string, EmailBody> = {};
  // One at a time: a raw payload may be tens of megabytes of attachments.
  for (const [i, row] of rows.entries()) out[row.id] = i < MAX_BODIES ? await readBody(row, c.photosPurgedAt !== null) : { kind: "unavailable", reason: "not_loaded" };
  return out;
}
