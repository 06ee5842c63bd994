import { z } from "zod";
import type { ParsedMessage, RawPart } from "../types";
import { mapAuthResult, parseSendgridDkim } from "./auth-results";
import { bytesField, fileField, jsonField, readForm, textField } from "./form";
import { blankToNull, fieldsFromPairs, firstAddressOf, headerBlock, htmlReferencesCid } from "./headers";
import { expandForwarded, messageFromMail, parseMime, simpleParse, type MimeParseOptions } from "./mime";

// SendGrid Inbound Parse: "raw" mode posts the whole message as "email"; parsed mode posts the
// original header block ("headers"), text, html, attachment1…N with "attachment-info". SPF and dkim
// are SendGrid's own verdicts, posted beside the message, so the sender cannot forge them.
// Known limit: form fields reach us decoded as UTF-8; SendGrid's "charsets" field is not applied.

const ZAttachmentInfo = z.record(
  z.string(),
  z.object({ filename: z.string().nullish(), name: z.string().nullish(), type: z.string().nullish(), "content-id": z.string().nullish() }).loose(),
);
const ZContentIds = z.record(z.string(), z.string());

export async function parseSendgrid(raw: Buffer, contentType: string, opts: Pick<MimeParseOptions, "trustedAuthServIds"> = {}): Promise<ParsedMessage> {
  const form = await readForm(raw, contentType);
  const providerAuth = {
    spf: mapAuthResult(await textField(form, "SPF")),
    dkim: parseSendgridDkim(await textField(form, "dkim")),
  };

  const mime = await bytesField(form, "email");
  if (mime) return parseMime(mime, { ...opts, providerAuth });

  const headerText = await textField(form, "headers");
  const block = headerText
    ? Buffer.from(headerText.replace(/(\r?\n)+$/, "") + "\r\n\r\n", "utf8")
    : headerBlock(
        fieldsFromPairs(
          (await Promise.all(["from", "to", "subject"].map(async (k) => [k, (await textField(form, k)) ?? ""] as const))).filter(([, v]) => v),
        ),
      );
  const mail = await simpleParse(block);
  const html = await textField(form, "html");

  const info = (await jsonField(form, "attachment-info", ZAttachmentInfo)) ?? {};
  const cidByKey = new Map<string, string>();
  for (const [cid, key] of Object.entries((await jsonField(form, "content-ids", ZContentIds)) ?? {})) cidByKey.set(key, cid);
  const keys = [...new Set(form.keys())]
    .map((k) => ({ k, n: Number(k.match(/^attachment(\d+)$/)?.[1]) }))
    .filter((x) => Number.isInteger(x.n))
    .sort((a, b) => a.n - b.n);
  const parts: RawPart[] = [];
  for (const { k } of keys) {
    const f = await fileField(form, k);
    if (!f) continue;
    const meta = info[k];
    const cid = blankToNull((meta?.["content-id"] ?? cidByKey.get(k) ?? "").replace(/^<|>$/g, "").trim());
    parts.push({
      fileName: blankToNull(meta?.filename ?? meta?.name ?? f.name),
      declaredType: blankToNull((meta?.type ?? f.type)?.toLowerCase()),
      disposition: htmlReferencesCid(html, cid) ? "inline" : "attachment",
      contentId: cid,
      content: f.content,
    });
  }

  const message = messageFromMail(
    mail,
    { text: await textField(form, "text"), html, parts: await expandForwarded(parts) },
    { ...opts, providerAuth },
  );
  message.from ??= firstAddressOf(await textField(form, "from"));
  message.subject ??= await textField(form, "subject");
  return message;
}
