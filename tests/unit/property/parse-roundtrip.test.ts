// Well-formed messages round-trip through every intake format: what a customer attached reaches
// the worker with the same bytes and the same file name, whatever the name's script and
// whatever multipart boundary the sender chose.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formText, readForm as edgeReadForm } from "@/lib/intake/edge/form";
import { parseInbound } from "@/lib/intake/parse";
import type { ParsedMessage } from "@/lib/intake/types";
import { toMailgun, toMime, toPostmark, toSendgrid, type FixtureMessage } from "../../support/email-fixtures";
import { boundary, fileName, message } from "./parse-support";

const runs = { numRuns: 60, seed: 822 };
const TIMEOUT = 60_000;

const sent = (m: FixtureMessage) => m.attachments.map((a) => ({ name: a.filename, hex: a.content.toString("hex") }));
const received = (p: ParsedMessage) => p.parts.map((x) => ({ name: x.fileName, hex: x.content.toString("hex") }));

describe("well-formed messages round-trip (property)", () => {
  it(
    "attachments keep their bytes and names through MIME, Postmark, Mailgun and SendGrid (parsed and raw)",
    async () => {
      await fc.assert(
        fc.asyncProperty(message, async (m) => {
          const mime = await toMime(m);
          const formats: [string, Promise<ParsedMessage>][] = [
            ["mime", parseInbound("MIME", mime, "message/rfc822")],
            ["postmark", toPostmark(m).then((p) => parseInbound("POSTMARK", p.body, p.contentType))],
            ["postmark raw", toPostmark(m, { raw: true }).then((p) => parseInbound("POSTMARK", p.body, p.contentType))],
            ["mailgun", toMailgun(m).then((p) => parseInbound("MAILGUN", p.body, p.contentType))],
            ["mailgun mime", toMailgun(m, { mime: true }).then((p) => parseInbound("MAILGUN", p.body, p.contentType))],
            ["sendgrid", toSendgrid(m).then((p) => parseInbound("SENDGRID", p.body, p.contentType))],
            ["sendgrid raw", toSendgrid(m, { raw: true }).then((p) => parseInbound("SENDGRID", p.body, p.contentType))],
          ];
          for (const [format, parsing] of formats) {
            const parsed = await parsing;
            expect(received(parsed), format).toEqual(sent(m));
            expect(parsed.messageId, format).toBe(m.messageId);
            expect(parsed.from?.address, format).toBe(m.from.address);
          }
        }),
        runs,
      );
    },
    TIMEOUT,
  );

  it(
    "any RFC 2046 boundary, and content that comes close to it, survives multipart parsing",
    async () => {
      // Content built from the boundary's own pieces: dashes, CRLFs and pieces of the boundary.
      // RFC 2046 only forbids the delimiter line (CRLF "--" boundary) inside a part, but the
      // platform's parser refuses any body holding the bare boundary text (see the known bug
      // below), so those are left out here.
      const near = (b: string) =>
        fc
          .array(fc.oneof(fc.constantFrom("\r\n", "--", "-", "\r", "\n", b.slice(1), `\r\n--${b.slice(0, -1)}`, "\r\n-", " "), fc.uint8Array({ maxLength: 20 }).map((x) => Buffer.from(x).toString("latin1"))), { maxLength: 30 })
          .map((parts) => Buffer.from(parts.join(""), "latin1"))
          .filter((c) => !c.includes(b));
      const input = boundary.filter((b) => !"1795601700".includes(b) && `\r\n--${b}`.indexOf(b) === 4).chain((b) => fc.tuple(fc.constant(b), fc.array(fc.tuple(fileName.filter((n) => !/["\\\r\n]/.test(n) && !n.includes(b)), near(b)), { minLength: 1, maxLength: 3 })));
      await fc.assert(
        fc.asyncProperty(input, async ([b, files]) => {
          const chunks: Buffer[] = [];
          const field = (name: string, value: string) => chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
          field("timestamp", "1795601700");
          files.forEach(([name, content], i) => {
            chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="attachment-${i + 1}"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`));
            chunks.push(content, Buffer.from("\r\n"));
          });
          chunks.push(Buffer.from(`--${b}--\r\n`));
          const body = Buffer.concat(chunks);
          const contentType = `multipart/form-data; boundary="${b}"`;
          const parsed = await parseInbound("MAILGUN", body, contentType);
          expect(received(parsed)).toEqual(files.map(([name, content]) => ({ name, hex: content.toString("hex") })));
          expect(await formText(await edgeReadForm(new Uint8Array(body), contentType), "TIMESTAMP")).toBe("1795601700");
        }),
        { ...runs, numRuns: 150 },
      );
    },
    TIMEOUT,
  );

  // Found by this suite: undici's multipart parser (Node's Response.formData()) looks for the bare
  // boundary text, not the delimiter line, and refused a well-formed body whose content contains it
  // (nodejs/undici PR #5561). SendGrid always uses the boundary "xYzZY": a raw-mode message whose
  // base64 happened to contain it (about 1 % of 14 MB photo emails) was refused at the edge on
  // every retry. lib/intake/multipart.ts reads multipart bodies now.
  it("a SendGrid payload whose content contains its boundary text parses", async () => {
    const body = Buffer.from('--xYzZY\r\nContent-Disposition: form-data; name="email"\r\n\r\nFrom: a@example.com\r\n\r\nQUJDxYzZYREVG\r\n--xYzZY--\r\n');
    const form = await edgeReadForm(new Uint8Array(body), "multipart/form-data; boundary=xYzZY");
    expect(await formText(form, "email")).toContain("QUJDxYzZYREVG");
  });
});
