import { z } from "zod";
import { AppError } from "../../errors";
import type { ParsedMessage, RawPart } from "../types";
import { resolveAuth } from "./auth-results";
import {
  addressFromParts,
  addressesOf,
  blankToNull,
  dateOf,
  fieldsFromPairs,
  firstAddressOf,
  headerRecord,
  htmlReferencesCid,
  messageIdOf,
  splitReferences,
} from "./headers";
import { expandForwarded, parseMime, type MimeParseOptions } from "./mime";

// Postmark inbound webhook JSON. Its "MessageID" is Postmark's own id (the edge's provider id); the
// RFC 5322 Message-ID travels in Headers like every other header.

const str = z.string().nullish();
const ZPostmarkAddress = z.object({ Email: str, Name: str }).loose();
const ZPostmarkInbound = z
  .object({
    From: str,
    FromName: str,
    FromFull: ZPostmarkAddress.nullish(),
    To: str,
    ToFull: z.array(ZPostmarkAddress).nullish(),
    ReplyTo: str,
    Subject: str,
    MessageID: str,
    Date: str,
    TextBody: str,
    HtmlBody: str,
    Headers: z.array(z.object({ Name: z.string(), Value: z.string() }).loose()).nullish(),
    Attachments: z
      .array(z.object({ Name: str, Content: z.string(), ContentType: str, ContentID: str, ContentLength: z.number().nullish() }).loose())
      .nullish(),
    RawEmail: str,
  })
  .loose();

export async function parsePostmark(raw: Buffer, opts: Pick<MimeParseOptions, "trustedAuthServIds"> = {}): Promise<ParsedMessage> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new AppError("UNPROCESSABLE", "The Postmark payload is not valid JSON", undefined, { cause: err });
  }
  const parsed = ZPostmarkInbound.safeParse(json);
  if (!parsed.success) throw new AppError("UNPROCESSABLE", "The Postmark payload has an unexpected shape");
  const p = parsed.data;

  const listed = fieldsFromPairs((p.Headers ?? []).map((h) => [h.Name, h.Value] as const));
  if (p.RawEmail) return parseMime(Buffer.from(p.RawEmail, "utf8"), { ...opts, extraFields: listed });

  // Postmark lifts these out of Headers; put them back so every format has the same header map.
  const lifted = fieldsFromPairs(
    (
      [
        ["from", p.From],
        ["to", p.To],
        ["reply-to", p.ReplyTo],
        ["subject", p.Subject],
        ["date", p.Date],
      ] as const
    ).flatMap(([k, v]) => (v ? [[k, v] as const] : [])),
  );
  const fields = [...listed, ...lifted];
  const headers = headerRecord(fields);
  const html = blankToNull(p.HtmlBody);

  const parts: RawPart[] = (p.Attachments ?? []).map((a) => {
    const cid = blankToNull(a.ContentID?.replace(/^<|>$/g, "").trim());
    return {
      fileName: blankToNull(a.Name),
      declaredType: blankToNull(a.ContentType?.trim().toLowerCase()),
      disposition: htmlReferencesCid(html, cid) ? "inline" : "attachment",
      contentId: cid,
      content: Buffer.from(a.Content, "base64"),
    };
  });

  const toFull = (p.ToFull ?? []).map((a) => addressFromParts(a.Email, a.Name)).filter((a) => a !== null);
  return {
    messageId: messageIdOf(headers["message-id"]),
    inReplyTo: messageIdOf(headers["in-reply-to"]),
    references: splitReferences(headers["references"]),
    from: addressFromParts(p.FromFull?.Email, p.FromFull?.Name ?? p.FromName) ?? firstAddressOf(p.From),
    replyTo: firstAddressOf(p.ReplyTo),
    to: toFull.length > 0 ? toFull : addressesOf(p.To),
    subject: p.Subject ?? null,
    date: dateOf(p.Date ?? headers["date"]),
    text: blankToNull(p.TextBody),
    html,
    headers,
    auth: resolveAuth({ fields, trustedAuthServIds: opts.trustedAuthServIds }),
    parts: await expandForwarded(parts),
  };
}
