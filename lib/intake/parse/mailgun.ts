import { z } from "zod";
import type { ParsedMessage, RawPart } from "../types";
import { mapAuthResult } from "./auth-results";
import { bytesField, fileField, jsonField, readForm, textField } from "./form";
import { blankToNull, fieldsFromPairs, firstAddressOf, headerBlock, htmlReferencesCid, type HeaderField } from "./headers";
import { expandForwarded, messageFromMail, parseMime, simpleParse, type MimeParseOptions } from "./mime";

// Mailgun routes: "forward()" posts parsed fields (sender, from, subject, body-plain, body-html,
// message-headers, attachment-count, attachment-1…N, content-id-map); a route URL ending in "mime"
// posts the whole message as body-mime instead.

const ZMessageHeaders = z.array(z.array(z.unknown())).transform((rows) =>
  rows.flatMap((r) => (typeof r[0] === "string" && typeof r[1] === "string" ? [[r[0], r[1]] as const] : [])),
);
const ZContentIdMap = z.record(z.string(), z.string());

/** Headers Mailgun also posts as top-level fields; used when message-headers is missing. */
const FALLBACK_HEADERS = ["from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references"];

async function fieldCI(form: FormData, name: string): Promise<string | null> {
  for (const key of form.keys()) if (key.toLowerCase() === name) return textField(form, key);
  return null;
}

export async function parseMailgun(raw: Buffer, contentType: string, opts: Pick<MimeParseOptions, "trustedAuthServIds"> = {}): Promise<ParsedMessage> {
  const form = await readForm(raw, contentType);
  const providerAuth = {
    spf: mapAuthResult(await fieldCI(form, "x-mailgun-spf")),
    dkim: mapAuthResult(await fieldCI(form, "x-mailgun-dkim-check-result")),
  };
  const pairs = await jsonField(form, "message-headers", ZMessageHeaders);
  let fields: HeaderField[] = fieldsFromPairs(pairs ?? []);

  const mime = (await bytesField(form, "body-mime")) ?? (await bytesField(form, "message-mime"));
  if (mime) return parseMime(mime, { ...opts, providerAuth, extraFields: fields });

  if (!pairs) {
    const found: [string, string][] = [];
    for (const name of FALLBACK_HEADERS) {
      const v = await fieldCI(form, name);
      if (v) found.push([name, v]);
    }
    fields = fieldsFromPairs(found);
  }
  const mail = await simpleParse(headerBlock(fields));
  const html = await textField(form, "body-html");

  // content-id-map: {"<cid>": "attachment-1"} → the reverse, without brackets.
  const cidOf = new Map<string, string>();
  for (const [cid, key] of Object.entries((await jsonField(form, "content-id-map", ZContentIdMap)) ?? {})) {
    cidOf.set(key, cid.replace(/^<|>$/g, "").trim());
  }
  const keys = [...new Set(form.keys())]
    .map((k) => ({ k, n: Number(k.match(/^attachment-(\d+)$/)?.[1]) }))
    .filter((x) => Number.isInteger(x.n))
    .sort((a, b) => a.n - b.n);
  const parts: RawPart[] = [];
  for (const { k } of keys) {
    const f = await fileField(form, k);
    if (!f) continue;
    const cid = blankToNull(cidOf.get(k) ?? null);
    parts.push({
      fileName: f.name,
      declaredType: f.type?.toLowerCase() ?? null,
      disposition: htmlReferencesCid(html, cid) ? "inline" : "attachment",
      contentId: cid,
      content: f.content,
    });
  }

  const message = messageFromMail(
    mail,
    { text: await textField(form, "body-plain"), html, parts: await expandForwarded(parts) },
    { ...opts, providerAuth },
  );
  message.from ??= firstAddressOf(await textField(form, "from"));
  message.subject ??= await textField(form, "subject");
  return message;
}
