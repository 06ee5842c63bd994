// Inbound emails for the intake benchmark, as a receiving MTA hands them to POST /api/inbound/mime:
// multipart/mixed with a text part and two base64 JPEG attachments, the same layout as
// prisma/seed/mime.ts builds, signed with X-Gatehouse-Signature. A message is kept as a list of
// chunks (its own header block, then attachment parts shared with no other message) and written to
// the socket chunk by chunk, so building and sending one costs the load generator almost nothing
// and the server's work is what gets measured.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";

const CRLF = Buffer.from("\r\n");
const BOUNDARY = "=_gh_bench_6b1f0c2d9e";
export const TAIL = Buffer.from(`--${BOUNDARY}--\r\n`);

/** Base64 in 76-character lines joined by CRLF (RFC 2045), without a trailing line break. */
export function base64Lines(bytes: Buffer): Buffer {
  const b64 = Buffer.from(bytes.toString("base64"), "latin1");
  const lines = Math.ceil(b64.length / 76);
  const out = Buffer.allocUnsafe(b64.length + Math.max(0, lines - 1) * 2);
  let o = 0;
  for (let i = 0; i < b64.length; i += 76) {
    if (i > 0) {
      out[o++] = 13;
      out[o++] = 10;
    }
    o += b64.copy(out, o, i, Math.min(i + 76, b64.length));
  }
  return out;
}

/** Writes the base64 body of a JPEG part next to nothing else; the send path reads it back. */
export function writeBase64File(jpegFile: string, outFile: string): number {
  const b64 = base64Lines(fs.readFileSync(jpegFile));
  fs.writeFileSync(outFile, b64);
  return b64.length;
}

export interface Attachment {
  fileName: string;
  /** The part's base64 body, in memory or in a file written by writeBase64File. */
  base64: Buffer | string;
}

function partHeader(fileName: string): Buffer {
  return Buffer.from(
    [`--${BOUNDARY}`, `Content-Type: image/jpeg; name="${fileName}"`, `Content-Disposition: attachment; filename="${fileName}"`, "Content-Transfer-Encoding: base64", "", ""].join("\r\n"),
  );
}

export interface Sender {
  address: string;
  name: string;
}

const rfc5322Date = (d: Date) => d.toUTCString().replace(/GMT$/, "+0000");

/** Everything before the first attachment: the header block as an MX delivers it, and the text part. */
export function messageHead(m: { from: Sender; to: string; subject: string; messageId: string; date: Date }): Buffer {
  const domain = m.from.address.split("@")[1];
  return Buffer.from(
    [
      `Return-Path: <${m.from.address}>`,
      `Received: from mx.${domain} (mx.${domain} [192.0.2.25]) by inbound.exchange.example with ESMTPS; ${rfc5322Date(m.date)}`,
      `Authentication-Results: inbound.exchange.example; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`,
      `From: "${m.from.name}" <${m.from.address}>`,
      `To: ${m.to}`,
      `Subject: ${m.subject}`,
      `Date: ${rfc5322Date(m.date)}`,
      `Message-ID: <${m.messageId}>`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
      "",
      "This is a multi-part message in MIME format.",
      `--${BOUNDARY}`,
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: 7bit",
      "",
      "Hello, the face check fails on my new phone. Here are the front and the back of my ID card.",
      "",
    ].join("\r\n"),
  );
}

/** One signed message, ready to send. `chunks()` reads file-backed attachments on demand. */
export interface OutgoingEmail {
  messageId: string;
  length: number;
  signature: string;
  signedAt: number;
  chunks(): Buffer[];
}

export function buildEmail(head: Buffer, messageId: string, attachments: Attachment[], secret: string, nowSeconds = Math.floor(Date.now() / 1000)): OutgoingEmail {
  const headers = attachments.map((a) => partHeader(a.fileName));
  const chunks = (): Buffer[] => [
    head,
    ...attachments.flatMap((a, i) => [headers[i], typeof a.base64 === "string" ? fs.readFileSync(a.base64) : a.base64, CRLF]),
    TAIL,
  ];
  const all = chunks();
  const mac = createHmac("sha256", secret).update(`${nowSeconds}.`);
  for (const c of all) mac.update(c);
  return {
    messageId,
    length: all.reduce((s, c) => s + c.length, 0),
    signature: `t=${nowSeconds},v1=${mac.digest("hex")}`,
    signedAt: nowSeconds,
    chunks,
  };
}

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs raw messages over keep-alive HTTP/1.1 connections (one per concurrent sender). */
export class MimePoster {
  private agent: http.Agent;

  constructor(
    private readonly port: number,
    maxSockets: number,
    private readonly path = "/api/inbound/mime",
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  post(email: OutgoingEmail, timeoutMs = 120_000): Promise<PostResult> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: this.port,
          path: this.path,
          method: "POST",
          agent: this.agent,
          headers: { "content-type": "message/rfc822", "content-length": String(email.length), "x-gatehouse-signature": email.signature },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (c: Buffer) => parts.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      for (const c of email.chunks()) req.write(c);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** POSTs and returns the InboundEmail id; anything but 200 {id, duplicate: false} throws. */
export async function deliver(poster: MimePoster, email: OutgoingEmail): Promise<string> {
  const res = await poster.post(email);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  const json = JSON.parse(res.body) as { id?: string; duplicate?: boolean };
  if (!json.id) throw new Error(`HTTP 200 without an id: ${res.body.slice(0, 200)}`);
  if (json.duplicate) throw new Error(`delivery ${email.messageId} was taken for a duplicate`);
  return json.id;
}
