import type Mail from "nodemailer/lib/mailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { docx, heic, logo, pdf, photo, pngBomb, polyglot, zip } from "../fixtures/email/files";

// Messages as real clients send them, and each provider's webhook payload for a message, built
// deterministically at test time (fixed boundaries, ids, dates and image seeds).

export * from "../fixtures/email/files";

export interface FixtureAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID (without brackets): the HTML shows it inline. */
  cid?: string;
  /** Content-Disposition: inline without a cid (Apple Mail attaches photos this way). */
  inline?: boolean;
}

export interface FixtureMessage {
  from: { name: string; address: string };
  to: { name: string; address: string }[];
  replyTo?: string;
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  text: string;
  html?: string;
  /** Extra headers, in order (Authentication-Results, Auto-Submitted, client headers…). */
  headers?: [string, string][];
  attachments: FixtureAttachment[];
}

export const OUR_ADDRESS = { name: "Gatehouse Support", address: "support@gatehouse.test" };
export const CUSTOMER = { name: "Ana García", address: "ana.garcia@example.com" };
export const AUTH_PASS: [string, string] = [
  "Authentication-Results",
  "mx.gatehouse.test; spf=pass (sender IP is 192.0.2.25) smtp.mailfrom=example.com; dkim=pass header.d=example.com header.s=s1; dmarc=pass action=none header.from=example.com",
];
const date = new Date("2026-11-20T10:15:00Z");

/** The message as MIME, composed by nodemailer (multipart/mixed, alternative, related as needed). */
export async function toMime(m: FixtureMessage): Promise<Buffer> {
  const options: Mail.Options & { baseBoundary: string } = {
    baseBoundary: m.messageId.replace(/[^a-z0-9]/gi, "").slice(0, 24),
    from: m.from,
    to: m.to,
    replyTo: m.replyTo,
    subject: m.subject,
    date: m.date,
    messageId: `<${m.messageId}>`,
    inReplyTo: m.inReplyTo ? `<${m.inReplyTo}>` : undefined,
    references: m.references?.map((r) => `<${r}>`),
    text: m.text,
    html: m.html,
    headers: (m.headers ?? []).map(([key, value]) => ({ key, value })),
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      cid: a.cid,
      contentDisposition: a.cid || a.inline ? "inline" : "attachment",
    })),
  };
  return new Promise((resolve, reject) => new MailComposer(options).compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
}

/** The header block of the composed message as name/value pairs (what Mailgun and SendGrid forward). */
async function headerPairs(m: FixtureMessage): Promise<[string, string][]> {
  const mime = (await toMime(m)).toString("utf8");
  const block = mime.slice(0, mime.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  return block.split("\r\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]);
}

async function formBody(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const res = new Response(form);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type") ?? "" };
}

const mailbox = (a: { name: string; address: string }) => (a.name ? `"${a.name}" <${a.address}>` : a.address);
const fileOf = (a: FixtureAttachment) => new File([new Uint8Array(a.content)], a.filename, { type: a.contentType });

/** Postmark inbound JSON (raw: with "RawEmail", as when the server setting includes it). */
export async function toPostmark(m: FixtureMessage, opts: { raw?: boolean } = {}): Promise<{ body: Buffer; contentType: string }> {
  const headers = [
    ["Message-ID", `<${m.messageId}>`],
    ...(m.inReplyTo ? [["In-Reply-To", `<${m.inReplyTo}>`]] : []),
    ...(m.references?.length ? [["References", m.references.map((r) => `<${r}>`).join(" ")]] : []),
    ...(m.headers ?? []),
  ].map(([Name, Value]) => ({ Name, Value }));
  const json = {
    From: m.from.address,
    FromName: m.from.name,
    FromFull: { Email: m.from.address, Name: m.from.name, MailboxHash: "" },
    To: m.to.map(mailbox).join(", "),
    ToFull: m.to.map((t) => ({ Email: t.address, Name: t.name, MailboxHash: "" })),
    ReplyTo: m.replyTo ?? "",
    Subject: m.subject,
    MessageID: "22c74902-a0c1-4511-804f-341342852c90",
    Date: m.date.toUTCString().replace("GMT", "+0000"),
    TextBody: m.text,
    HtmlBody: m.html ?? "",
    StrippedTextReply: "",
    Tag: "",
    Headers: headers,
    Attachments: m.attachments.map((a) => ({
      Name: a.filename,
      Content: a.content.toString("base64"),
      ContentType: a.contentType,
      ContentLength: a.content.length,
      ContentID: a.cid ?? "",
    })),
    ...(opts.raw ? { RawEmail: (await toMime(m)).toString("utf8") } : {}),
  };
  return { body: Buffer.from(JSON.stringify(json)), contentType: "application/json" };
}

/** Mailgun route POST: parsed fields (mime: the whole message in body-mime instead). */
export async function toMailgun(m: FixtureMessage, opts: { mime?: boolean; spf?: string; dkim?: string } = {}): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of [["timestamp", "1795601700"], ["token", "a".repeat(50)], ["signature", "0".repeat(64)], ["recipient", m.to[0].address], ["sender", m.from.address], ["from", mailbox(m.from)], ["subject", m.subject]]) form.append(k, v);
  if (opts.spf) form.append("X-Mailgun-Spf", opts.spf);
  if (opts.dkim) form.append("X-Mailgun-Dkim-Check-Result", opts.dkim);
  if (opts.mime) {
    form.append("body-mime", (await toMime(m)).toString("utf8"));
    return formBody(form);
  }
  form.append("message-headers", JSON.stringify(await headerPairs(m)));
  form.append("body-plain", m.text);
  if (m.html) form.append("body-html", m.html);
  form.append("attachment-count", String(m.attachments.length));
  const cids: Record<string, string> = {};
  m.attachments.forEach((a, i) => {
    form.append(`attachment-${i + 1}`, fileOf(a));
    if (a.cid) cids[`<${a.cid}>`] = `attachment-${i + 1}`;
  });
  if (Object.keys(cids).length) form.append("content-id-map", JSON.stringify(cids));
  return formBody(form);
}

/** SendGrid Inbound Parse POST, parsed mode (raw: "Send Raw" on, the message in "email"). */
export async function toSendgrid(m: FixtureMessage, opts: { raw?: boolean; spf?: string; dkim?: string } = {}): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  const domain = m.from.address.split("@")[1];
  form.append("SPF", opts.spf ?? "pass");
  form.append("dkim", opts.dkim ?? `{@${domain} : pass}`);
  form.append("envelope", JSON.stringify({ to: [m.to[0].address], from: m.from.address }));
  form.append("sender_ip", "192.0.2.25");
  form.append("charsets", JSON.stringify({ to: "UTF-8", from: "UTF-8", subject: "UTF-8", text: "UTF-8", html: "UTF-8" }));
  form.append("from", mailbox(m.from));
  form.append("to", m.to.map(mailbox).join(", "));
  form.append("subject", m.subject);
  if (opts.raw) {
    form.append("email", (await toMime(m)).toString("utf8"));
    return formBody(form);
  }
  form.append("headers", (await headerPairs(m)).map(([k, v]) => `${k}: ${v}`).join("\n") + "\n");
  form.append("text", m.text);
  if (m.html) form.append("html", m.html);
  form.append("attachments", String(m.attachments.length));
  const info: Record<string, object> = {};
  m.attachments.forEach((a, i) => {
    form.append(`attachment${i + 1}`, fileOf(a));
    info[`attachment${i + 1}`] = { filename: a.filename, name: a.filename, type: a.contentType, ...(a.cid ? { "content-id": a.cid } : {}) };
  });
  if (m.attachments.length) form.append("attachment-info", JSON.stringify(info));
  return formBody(form);
}

function base(id: string, extra: Partial<FixtureMessage>): FixtureMessage {
  return { from: CUSTOMER, to: [OUR_ADDRESS], subject: "My ID photos", date, messageId: `${id}@mail.example.com`, text: "Hello, here are the photos of my ID.", headers: [AUTH_PASS], attachments: [], ...extra };
}

/** Gmail: multipart/mixed → alternative (text, html) + two camera JPEGs. */
export async function gmail(): Promise<FixtureMessage> {
  return base("CAGmail-001", {
    html: '<div dir="ltr">Hello, here are the photos of my ID.<br><br>Ana</div>',
    headers: [AUTH_PASS, ["X-Gm-Message-State", "AOJu0Yw"], ["X-Google-Smtp-Source", "AGHT+IE"]],
    attachments: [
      { filename: "IMG_20261120_101500.jpg", contentType: "image/jpeg", content: await photo({ seed: 1, gps: true }) },
      { filename: "IMG_20261120_101512.jpg", contentType: "image/jpeg", content: await photo({ seed: 2, gps: true }) },
    ],
  });
}

/** Outlook: HTML with an inline cid signature logo, front/back PNG attachments, Exchange headers. */
export async function outlook(): Promise<FixtureMessage> {
  return base("AM0PR01MB0001", {
    html: '<html><body><p>Please find attached.</p><p><img src="cid:image001.png@01DB3B5C.7A1D2E60" width="80" height="30"></p></body></html>',
    headers: [AUTH_PASS, ["Thread-Topic", "My ID photos"], ["Thread-Index", "AdtAbCdEfGh"], ["X-MS-Has-Attach", "yes"], ["X-MS-TNEF-Correlator", ""], ["Content-Language", "en-US"]],
    attachments: [
      { filename: "image001.png", contentType: "image/png", content: await logo(), cid: "image001.png@01DB3B5C.7A1D2E60" },
      { filename: "ID front.png", contentType: "image/png", content: await photo({ seed: 3, format: "png", width: 800, height: 520 }) },
      { filename: "ID back.png", contentType: "image/png", content: await photo({ seed: 4, format: "png", width: 800, height: 520 }) },
    ],
  });
}

/** Apple Mail from an iPhone: HEIC photos with Content-Disposition inline and no cid. */
export function appleMailHeic(): FixtureMessage {
  return base("A1B2C3D4-APPLE", {
    headers: [AUTH_PASS, ["X-Mailer", "iPhone Mail (21E236)"]],
    attachments: [
      { filename: "IMG_0001.HEIC", contentType: "image/heic", content: heic(), inline: true },
      { filename: "IMG_0002.HEIC", contentType: "image/heic", content: heic(3024, 4032), inline: true },
    ],
  });
}

/** Samsung/Android mail: hand-written MIME, base64 on one long line, a front/back pair by name. */
export async function androidRaw(): Promise<Buffer> {
  const b = "--_com.samsung.android.email_1234567890";
  const part = async (name: string, seed: number) => [`--${b}`, `Content-Type: image/jpeg; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, "Content-Transfer-Encoding: base64", "", (await photo({ seed, width: 900, height: 600 })).toString("base64")];
  const lines = [
    AUTH_PASS.join(": "),
    `From: ${mailbox(CUSTOMER)}`.replace("Ana García", "=?UTF-8?B?QW5hIEdhcmPDrWE=?="),
    `To: ${mailbox(OUR_ADDRESS)}`,
    "Subject: Documento",
    "Date: Fri, 20 Nov 2026 11:15:00 +0100",
    "Message-ID: <android-0001@email.android.com>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("Enviado desde mi Galaxy").toString("base64"),
    ...(await part("dni_frente.jpg", 5)),
    ...(await part("dni_reverso.jpg", 6)),
    `--${b}--`,
    "",
  ];
  return Buffer.from(lines.join("\r\n"));
}

/** A forwarded message: the customer forwards (as attachment) an email that carried their photos. */
export async function forwarded(): Promise<FixtureMessage> {
  const inner = await toMime(await gmail());
  return base("fwd-0001", {
    subject: "Fwd: My ID photos",
    text: "Forwarding the photos I sent from my other account.",
    attachments: [{ filename: "My ID photos.eml", contentType: "message/rfc822", content: inner }],
  });
}

/** Every refused kind at once: bomb, polyglot, zip, docx, a .jpg that is a PDF, a PDF named .jpg. */
export async function hostileAttachments(): Promise<FixtureMessage> {
  return base("hostile-0001", {
    attachments: [
      { filename: "huge.png", contentType: "image/png", content: await pngBomb() },
      { filename: "photo.jpg", contentType: "image/jpeg", content: polyglot() },
      { filename: "photos.zip", contentType: "application/zip", content: zip([["front.jpg", await photo({ seed: 9, width: 200, height: 150 })]]) },
      { filename: "id.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content: docx() },
      { filename: "scan.jpg", contentType: "image/jpeg", content: pdf() },
    ],
  });
}

/** Script everywhere a sender controls text: subject, body, HTML, file name. */
export async function scripted(): Promise<FixtureMessage> {
  return base("xss-0001", {
    from: { name: '<img src=x onerror=alert(1)> "support@gatehouse.test"', address: "mallory@evil.example" },
    subject: "<script>alert('subject')</script> ID",
    text: "<script>alert('text')</script>",
    html: '<p onclick="steal()">Hi<script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">open</a></p>',
    attachments: [{ filename: '"><img src=x onerror=alert(1)>.jpg', contentType: "image/jpeg", content: await photo({ seed: 7, width: 600, height: 400 }) }],
  });
}

/** Unicode in names: RTL display name, emoji subject, NFD and NFC file names, an RLO trick. */
export async function unicodeNames(): Promise<FixtureMessage> {
  return base("unicode-0001", {
    from: { name: "محمد العلي 🪪", address: "mohammed@example.com" },
    subject: "هويتي — my ID 🪪",
    attachments: [
      { filename: "Vorderseite.jpg".normalize("NFC"), contentType: "image/jpeg", content: await photo({ seed: 11, width: 600, height: 400 }) },
      { filename: "Rückseite.jpg".normalize("NFD"), contentType: "image/jpeg", content: await photo({ seed: 12, width: 600, height: 400 }) },
      { filename: "photo\u202Egpj.exe", contentType: "application/octet-stream", content: Buffer.from("MZ\x90\x00not really") },
    ],
  });
}
