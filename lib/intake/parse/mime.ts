import { simpleParser, type Attachment, type ParsedMail } from "mailparser";
import { AppError } from "../../errors";
import type { ParsedMessage, RawPart } from "../types";
import { resolveAuth, type ResolveAuthInput } from "./auth-results";
import {
  addressesOf,
  blankToNull,
  dateOf,
  fieldsFromLines,
  firstAddressOf,
  headerRecord,
  htmlReferencesCid,
  messageIdOf,
  splitReferences,
  type HeaderField,
} from "./headers";

/** Forwarded emails inside forwarded emails: deeper than this is not a customer sending their ID. */
const MAX_FORWARD_DEPTH = 3;
const EMBEDDED = new Set(["message/rfc822", "message/global"]);

const parserOptions = {
  // Forwarded messages stay attachments; we parse them ourselves to flatten their photos.
  ignoreEmbedded: true,
  // Raw HTML as sent (sanitised later); no data: URLs built from inline images.
  keepCidLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  checksumAlgo: false as const,
  maxHtmlLengthToParse: 2 * 1024 * 1024,
};

export async function simpleParse(raw: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, parserOptions);
  } catch (err) {
    throw new AppError("UNPROCESSABLE", "The message could not be parsed as MIME", undefined, { cause: err });
  }
}

function declaredTypeOf(a: Attachment): string | null {
  const ct = a.headers.get("content-type");
  const value = ct && typeof ct === "object" && "value" in ct && typeof ct.value === "string" ? ct.value : a.contentType;
  return blankToNull(value?.trim().toLowerCase());
}

function isEmbeddedMessage(type: string): boolean {
  return EMBEDDED.has(type.trim().toLowerCase());
}

/** What a forwarded email may contribute: images and PDFs (by declared type or name; vetting sniffs the bytes). */
function looksLikeDocument(p: RawPart): boolean {
  const t = p.declaredType ?? "";
  if (t.startsWith("image/") || t === "application/pdf") return true;
  return /\.(jpe?g|png|webp|hei[cf]|avif|pdf)$/i.test(p.fileName ?? "");
}

function toRawPart(a: Attachment, html: string | null): RawPart {
  const cid = blankToNull(a.cid?.trim() ?? null);
  const inline = a.related === true || htmlReferencesCid(html, cid);
  return {
    fileName: blankToNull(a.filename ?? null),
    declaredType: declaredTypeOf(a),
    disposition: inline ? "inline" : "attachment",
    contentId: cid,
    content: a.content,
  };
}

/** The parts a forwarded email contributes: its photos and PDFs (nested forwards included), flagged. */
async function forwardedParts(raw: Buffer, depth: number): Promise<RawPart[]> {
  if (depth > MAX_FORWARD_DEPTH) return [];
  let inner: ParsedMail;
  try {
    inner = await simpleParser(raw, parserOptions);
  } catch {
    return []; // a broken forwarded part loses only itself
  }
  const nested = await collectParts(inner, depth);
  return nested.filter(looksLikeDocument).map((p) => ({ ...p, fromForwarded: true }));
}

/** Attachments in order; each forwarded email is replaced by its own (flattened) photos and PDFs. */
async function collectParts(mail: ParsedMail, depth: number): Promise<RawPart[]> {
  const html = typeof mail.html === "string" ? mail.html : null;
  const parts: RawPart[] = [];
  for (const a of mail.attachments) {
    if (isEmbeddedMessage(declaredTypeOf(a) ?? a.contentType)) parts.push(...(await forwardedParts(a.content, depth + 1)));
    else parts.push(toRawPart(a, html));
  }
  return parts;
}

/** For the JSON and form formats: replace each attached message/rfc822 part by the photos inside it. */
export async function expandForwarded(parts: RawPart[]): Promise<RawPart[]> {
  const out: RawPart[] = [];
  for (const p of parts) {
    if (isEmbeddedMessage(p.declaredType ?? "")) out.push(...(await forwardedParts(p.content, 1)));
    else out.push(p);
  }
  return out;
}

export interface MimeParseOptions {
  /** Results the provider reported outside the message (they take precedence over headers). */
  providerAuth?: ResolveAuthInput["provider"];
  /** Extra headers the provider reported outside the message, used when the message itself lacks them. */
  extraFields?: HeaderField[];
  trustedAuthServIds?: readonly string[];
}

/** The common tail of every format: a ParsedMail (full message or rebuilt header block) → ParsedMessage. */
export function messageFromMail(
  mail: ParsedMail,
  rest: Pick<ParsedMessage, "text" | "html" | "parts">,
  opts: MimeParseOptions = {},
): ParsedMessage {
  const fields = [...fieldsFromLines(mail.headerLines), ...(opts.extraFields ?? [])];
  const headers = headerRecord(fields);
  return {
    messageId: messageIdOf(mail.messageId ?? headers["message-id"]),
    inReplyTo: messageIdOf(mail.inReplyTo ?? headers["in-reply-to"]),
    references: splitReferences(mail.references ?? headers["references"]),
    from: firstAddressOf(mail.from),
    replyTo: firstAddressOf(mail.replyTo),
    to: addressesOf(mail.to),
    subject: mail.subject ?? null,
    date: dateOf(headers["date"]),
    text: rest.text,
    html: rest.html,
    headers,
    auth: resolveAuth({ fields, provider: opts.providerAuth, trustedAuthServIds: opts.trustedAuthServIds }),
    parts: rest.parts,
  };
}

/** A complete RFC 5322 message (our MIME endpoint, or the raw copy a provider embeds in its payload). */
export async function parseMime(raw: Buffer, opts: MimeParseOptions = {}): Promise<ParsedMessage> {
  const mail = await simpleParse(raw);
  const html = typeof mail.html === "string" ? blankToNull(mail.html) : null;
  const parts = await collectParts(mail, 0);
  return messageFromMail(mail, { text: blankToNull(mail.text ?? null), html, parts }, opts);
}
