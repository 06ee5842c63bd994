import { AppError } from "../../errors";

// Multipart and urlencoded forms, parsed by the platform's own parser (undici): no busboy.

export async function readForm(raw: Uint8Array<ArrayBuffer>, contentType: string): Promise<FormData> {
  try {
    return await new Response(raw, { headers: { "content-type": contentType } }).formData();
  } catch {
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
