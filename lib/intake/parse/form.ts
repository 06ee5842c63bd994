import type { z } from "zod";
import { AppError } from "../../errors";
import { parseMultipart } from "../multipart";

// Mailgun and SendGrid post multipart/form-data (Mailgun: urlencoded when there is no attachment).
// Multipart bodies are read by lib/intake/multipart.ts, urlencoded ones by the platform's parser;
// we only pick fields out.

export async function readForm(raw: Buffer, contentType: string): Promise<FormData> {
  if (!/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Expected a multipart/form-data or urlencoded form");
  }
  try {
    if (/^\s*multipart\//i.test(contentType)) return parseMultipart(raw, contentType);
    // A view over the same memory, not a copy (bodies reach 40 MB); a Buffer over shared memory is copied.
    const body = raw.buffer instanceof ArrayBuffer ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : Uint8Array.from(raw);
    return await new Response(body, {
      headers: { "content-type": contentType },
    }).formData();
  } catch (err) {
    throw new AppError("UNPROCESSABLE", "The form body could not be parsed", undefined, { cause: err });
  }
}

/** A text field (a file posted under that name is read as text). Null when absent or empty. */
export async function textField(form: FormData, name: string): Promise<string | null> {
  const v = form.get(name);
  const s = typeof v === "string" ? v : v ? await v.text() : null;
  return s && s.length > 0 ? s : null;
}

/** A field that carries a whole message: keep its exact bytes when posted as a file. */
export async function bytesField(form: FormData, name: string): Promise<Buffer | null> {
  const v = form.get(name);
  if (v === null) return null;
  const buf = typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from(await v.arrayBuffer());
  return buf.length > 0 ? buf : null;
}

export interface FormFile {
  name: string | null;
  type: string | null;
  content: Buffer;
}

export async function fileField(form: FormData, name: string): Promise<FormFile | null> {
  const v = form.get(name);
  if (v === null) return null;
  if (typeof v === "string") return { name: null, type: null, content: Buffer.from(v, "utf8") };
  return { name: v.name || null, type: v.type || null, content: Buffer.from(await v.arrayBuffer()) };
}

/** A JSON-valued field checked against its schema; null when absent, an error when malformed. */
export async function jsonField<T>(form: FormData, name: string, schema: z.ZodType<T>): Promise<T | null> {
  const s = await textField(form, name);
  if (s === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch (err) {
    throw new AppError("UNPROCESSABLE", `Field "${name}" is not valid JSON`, undefined, { cause: err });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("UNPROCESSABLE", `Field "${name}" has an unexpected shape`);
  return parsed.data;
}
