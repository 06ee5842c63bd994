// Builds inbound webhook requests as each provider sends them, signed with the configured (test)
// secrets: Postmark JSON, Mailgun and SendGrid multipart forms, raw MIME with X-Gatehouse-Signature.
// Bodies are Buffers so a test can compare them byte for byte with what was stored.
import { createHmac, randomUUID, sign, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { config } from "@/lib/config";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/inbound");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

export interface InboundRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Attachment {
  name: string;
  type: string;
  content: Buffer;
}

/** A unique Message-ID (without angle brackets). */
export const newMessageId = (label = "msg") => `${label}.${randomUUID()}@mail.example.com`;
export const unixNow = () => Math.floor(Date.now() / 1000);

/** A small real JPEG, made at test time. */
export async function tinyJpeg(seed = 0): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 40 + seed, g: 120, b: 200 } } }).jpeg().toBuffer();
}

export function toRequest(r: InboundRequest, extra: { headers?: Record<string, string> } = {}): Request {
  return new Request(`http://127.0.0.1:3000${r.path}`, { method: "POST", headers: { ...r.headers, ...extra.headers }, body: new Uint8Array(r.body) });
}

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

/** The fixture message (message.eml, CRLF) with this Message-ID, or none when null. */
export function eml(messageId: string | null): Buffer {
  const text = fixture("message.eml").toString("utf8");
  const out = messageId === null ? text.replace("Message-ID:\r\n <{{MESSAGE_ID}}>\r\n", "") : text.replace("{{MESSAGE_ID}}", messageId);
  return Buffer.from(out, "utf8");
}

/** The header section of the fixture message (what SendGrid's parsed mode sends as "headers"). */
export function emlHeaders(messageId: string | null): string {
  const text = eml(messageId).toString("utf8");
  return text.slice(0, text.indexOf("\r\n\r\n"));
}

// ---- Postmark ------------------------------------------------------------------------------

export function postmarkPayload(opts: { providerId?: string | null; messageId?: string | null; attachments?: Attachment[] } = {}): Record<string, unknown> {
  const payload = JSON.parse(fixture("postmark.json").toString("utf8")) as Record<string, unknown> & { Headers: { Name: string; Value: string }[] };
  const messageId = opts.messageId === undefined ? newMessageId("postmark") : opts.messageId;
  payload.Headers = payload.Headers.flatMap((h) => (h.Name !== "Message-ID" ? [h] : messageId === null ? [] : [{ ...h, Value: `<${messageId}>` }]));
  const providerId = opts.providerId === undefined ? randomUUID() : opts.providerId;
  if (providerId === null) delete payload.MessageID;
  else payload.MessageID = providerId;
  if (opts.attachments) {
    payload.Attachments = opts.attachments.map((a) => ({ Name: a.name, ContentType: a.type, Content: a.content.toString("base64"), ContentLength: a.content.length, ContentID: "" }));
  }
  return payload;
}

export function postmark(
  opts: { payload?: Record<string, unknown> | string | Buffer; username?: string; password?: string | null; contentType?: string } = {},
): InboundRequest {
  const payload = opts.payload ?? postmarkPayload();
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload), "utf8");
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json; charset=utf-8" };
  if (opts.password !== null) headers.authorization = basic(opts.username ?? config.POSTMARK_INBOUND_USERNAME, opts.password ?? config.POSTMARK_INBOUND_PASSWORD);
  return { path: "/api/inbound/postmark", headers, body };
}

// ---- multipart -----------------------------------------------------------------------------

export type FormPart = [name: string, value: string | Attachment];

/** multipart/form-data bytes for these parts, in order. */
export function multipart(parts: FormPart[], boundary = `----gatehouse${randomUUID().replaceAll("-", "")}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    if (typeof value === "string") {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, "utf8"));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.name}"\r\nContent-Type: ${value.type}\r\n\r\n`, "utf8"));
      chunks.push(value.content, Buffer.from("\r\n"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

// ---- Mailgun -------------------------------------------------------------------------------

export function mailgunSignature(timestamp: string, token: string, key = config.MAILGUN_SIGNING_KEY): string {
  return createHmac("sha256", key).update(timestamp + token).digest("hex");
}

export function mailgun(
  opts: {
    messageId?: string | null;
    token?: string;
    timestamp?: number;
    signingKey?: string;
    signature?: string | null;
    attachments?: Attachment[];
    /** Mailgun posts urlencoded when the message has no attachments. */
    urlencoded?: boolean;
  } = {},
): InboundRequest {
  const messageId = opts.messageId === undefined ? newMessageId("mailgun") : opts.messageId;
  const timestamp = String(opts.timestamp ?? unixNow());
  const token = opts.token ?? randomUUID().replaceAll("-", "") + "0123456789abcdef01";
  const signature = opts.signature === undefined ? mailgunSignature(timestamp, token, opts.signingKey) : opts.signature;
  const headers: [string, string][] = [
    ["Received", "from mail-ed1-f41.example.com (mail-ed1-f41.example.com [192.0.2.10]) by mxa.mailgun.org with ESMTP"],
    ["From", "Ana Pérez <ana.perez@example.com>"],
    ["To", "support@gatehouse.test"],
    ["Subject", "Mi documento <script>alert(1)</script> ✅"],
    ...(messageId ? ([["Message-Id", `<${messageId}>`]] as [string, string][]) : []),
  ];
  const attachments = opts.attachments ?? [];
  const fields: FormPart[] = [
    ["recipient", "support@gatehouse.test"],
    ["sender", "ana.perez@example.com"],
    ["from", "Ana Pérez <ana.perez@example.com>"],
    ["subject", "Mi documento <script>alert(1)</script> ✅"],
    ["body-plain", "Hola, adjunto el frente y el reverso."],
    ["stripped-text", "Hola, adjunto el frente y el reverso."],
    ["attachment-count", String(attachments.length)],
    ["timestamp", timestamp],
    ["token", token],
    ...(signature === null ? [] : ([["signature", signature]] as FormPart[])),
    ["message-headers", JSON.stringify(headers)],
    ...(messageId ? ([["Message-Id", `<${messageId}>`]] as FormPart[]) : []),
    ...attachments.map((a, i): FormPart => [`attachment-${i + 1}`, a]),
  ];
  if (opts.urlencoded) {
    const params = new URLSearchParams(fields.filter((f): f is [string, string] => typeof f[1] === "string"));
    return { path: "/api/inbound/mailgun", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from(params.toString()) };
  }
  const { body, contentType } = multipart(fields);
  return { path: "/api/inbound/mailgun", headers: { "content-type": contentType }, body };
}

// ---- SendGrid ------------------------------------------------------------------------------

export function sendgrid(
  opts: {
    mode?: "raw" | "parsed";
    messageId?: string | null;
    attachments?: Attachment[];
    username?: string;
    password?: string | null;
    /** Signed Inbound Parse: ECDSA P-256 over timestamp + body. */
    sign?: { privateKey: KeyObject; timestamp?: number };
    /** Replace the form (e.g. to leave out email/headers). */
    parts?: FormPart[];
  } = {},
): InboundRequest {
  const messageId = opts.messageId === undefined ? newMessageId("sendgrid") : opts.messageId;
  const common: FormPart[] = [
    ["to", "support@gatehouse.test"],
    ["from", "Ana Pérez <ana.perez@example.com>"],
    ["subject", "Mi documento <script>alert(1)</script> ✅"],
    ["sender_ip", "192.0.2.10"],
    ["envelope", JSON.stringify({ to: ["support@gatehouse.test"], from: "ana.perez@example.com" })],
    ["dkim", "{@example.com : pass}"],
    ["SPF", "pass"],
    ["spam_score", "0.1"],
    ["charsets", JSON.stringify({ to: "UTF-8", from: "UTF-8", subject: "UTF-8", text: "UTF-8" })],
  ];
  const attachments = opts.attachments ?? [];
  const parts: FormPart[] =
    opts.parts ??
    (opts.mode === "parsed"
      ? [
          ["headers", emlHeaders(messageId)],
          ...common,
          ["text", "Hola, adjunto el frente y el reverso."],
          ["attachments", String(attachments.length)],
          ["attachment-info", JSON.stringify(Object.fromEntries(attachments.map((a, i) => [`attachment${i + 1}`, { filename: a.name, type: a.type }])))],
          ...attachments.map((a, i): FormPart => [`attachment${i + 1}`, a]),
        ]
      : [...common, ["email", eml(messageId).toString("utf8")]]);
  const { body, contentType } = multipart(parts);
  const headers: Record<string, string> = { "content-type": contentType };
  if (opts.password !== null) headers.authorization = basic(opts.username ?? config.SENDGRID_INBOUND_USERNAME, opts.password ?? config.SENDGRID_INBOUND_PASSWORD);
  if (opts.sign) {
    const timestamp = String(opts.sign.timestamp ?? unixNow());
    headers["x-twilio-email-event-webhook-timestamp"] = timestamp;
    headers["x-twilio-email-event-webhook-signature"] = sign("sha256", Buffer.concat([Buffer.from(timestamp), body]), opts.sign.privateKey).toString("base64");
  }
  return { path: "/api/inbound/sendgrid", headers, body };
}

// ---- raw MIME ------------------------------------------------------------------------------

export function mimeSignature(t: number, body: Buffer, secret = config.INBOUND_MIME_SECRET): string {
  const mac = createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${mac}`;
}

export function mime(opts: { body?: Buffer; messageId?: string | null; t?: number; secret?: string; signature?: string | null; contentType?: string } = {}): InboundRequest {
  const body = opts.body ?? eml(opts.messageId === undefined ? newMessageId("mime") : opts.messageId);
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "message/rfc822" };
  const signature = opts.signature === undefined ? mimeSignature(opts.t ?? unixNow(), body, opts.secret) : opts.signature;
  if (signature !== null) headers["x-gatehouse-signature"] = signature;
  return { path: "/api/inbound/mime", headers, body };
}
