// Raw RFC 5322 messages as a mail provider would hand them over: multipart/mixed, a text part and
// the JPEG attachments in base64. Only what the seed needs; intake has the real parser.

export interface RawAttachment {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface RawMessage {
  from: { address: string; name: string };
  to: string;
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  authResults?: { spf: string; dkim: string; dmarc: string };
  text: string;
  attachments: RawAttachment[];
}

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** RFC 2047 encoded-word for header text that is not plain ASCII. */
export function encodeHeaderText(s: string): string {
  return isAscii(s) ? s : `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;
}

function mailbox(name: string, address: string): string {
  if (!name) return `<${address}>`;
  const shown = isAscii(name) ? `"${name.replace(/(["\\])/g, "\\$1")}"` : encodeHeaderText(name);
  return `${shown} <${address}>`;
}

/** "Tue, 25 Nov 2026 21:33:22 +0000" */
export function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, "+0000");
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");
}

function textPart(text: string): string[] {
  const body = text.replace(/\r?\n/g, "\r\n");
  return isAscii(body.replace(/\r\n/g, ""))
    ? ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 7bit", "", body]
    : ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", base64Lines(Buffer.from(body, "utf8"))];
}

export function buildRawMessage(m: RawMessage): Buffer {
  const domain = m.from.address.split("@")[1] ?? "mail.example";
  const headers = [
    `Return-Path: <${m.from.address}>`,
    `Received: from mx.${domain} (mx.${domain} [192.0.2.25]) by inbound.exchange.example with ESMTPS; ${rfc5322Date(m.date)}`,
    ...(m.authResults
      ? [`Authentication-Results: inbound.exchange.example; spf=${m.authResults.spf.toLowerCase()} smtp.mailfrom=${domain}; dkim=${m.authResults.dkim.toLowerCase()} header.d=${domain}; dmarc=${m.authResults.dmarc.toLowerCase()} header.from=${domain}`]
      : []),
    `From: ${mailbox(m.from.name, m.from.address)}`,
    `To: ${m.to}`,
    `Subject: ${encodeHeaderText(m.subject)}`,
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: ${m.messageId}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references?.length ? [`References: ${m.references.join(" ")}`] : []),
    "MIME-Version: 1.0",
  ];
  if (m.attachments.length === 0) return Buffer.from([...headers, ...textPart(m.text), ""].join("\r\n"), "utf8");

  const boundary = `=_gh_${m.messageId.replace(/[^A-Za-z0-9]/g, "").slice(0, 40)}`;
  const lines = [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", "This is a multi-part message in MIME format.", `--${boundary}`, ...textPart(m.text)];
  for (const a of m.attachments) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.contentType}; name="${a.fileName}"`,
      `Content-Disposition: attachment; filename="${a.fileName}"`,
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(a.bytes),
    );
  }
  lines.push(`--${boundary}--`, "");
  return Buffer.from(lines.join("\r\n"), "utf8");
}
