import { AppError, isAppError } from "../../errors";
import { parseMultipart } from "../multipart";

// Multipart forms by our own reader (lib/intake/multipart.ts: the platform's refuses bodies whose
// content contains the boundary text); urlencoded ones by the platform's parser.

export async function readForm(raw: Uint8Array<ArrayBuffer>, contentType: string): Promise<FormData> {
  try {
    if (/^\s*multipart\//i.test(contentType)) return parseMultipart(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), contentType);
    return await new Response(raw, { headers: { "content-type": contentType } }).formData();
  } catch (err) {
    if (isAppError(err)) throw new AppError("INVALID_INPUT", `The form body could not be parsed: ${err.message}`);
    throw new AppError("INVALID_INPUT", "The form body could not be parsed. Check the multipart boundary and encoding.");
  }
}

/** A field's value as text (a file part is read as UTF-8); null when absent. Names match case-insensitively. */
export async function formText(form: FormData, name: string): Promise<string | null> {
  const wanted = name.toLowerCase();
  for (const [key, value] of form.entries()) {
    if (key.toLowerCase() !== wanted) continue;
    return typeof value === "string" ? value : await value.text();
  }
  return null;
}
