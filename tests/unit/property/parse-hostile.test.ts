// The intake parsers' wrappers (lib/intake/parse, lib/intake/edge header and form readers) under
// hostile input: arbitrary or damaged bytes either parse or are refused with our AppError —
// never another exception, never a hang. Inputs are bounded (a few KB) so the suite stays fast.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formText, readForm as edgeReadForm } from "@/lib/intake/edge/form";
import { headerSection, looksLikeMessage, messageIdOf, normalizeMessageId, parseHeaderFields } from "@/lib/intake/edge/header-block";
import { parseAuthenticationResults, parseInbound } from "@/lib/intake/parse";
import { toMailgun, toMime, toPostmark, toSendgrid } from "../../support/email-fixtures";
import { applyDamage, boundary, damage, message, settles } from "./parse-support";

const runs = { numRuns: 200, seed: 2046 };
const TIMEOUT = 60_000;
const bytes = fc.uint8Array({ maxLength: 4_096 }).map((b) => Buffer.from(b));

/** Text that looks like MIME: header lines, multipart declarations, boundaries and encodings. */
const mimeish = fc
  .tuple(
    boundary,
    fc.array(fc.constantFrom("Content-Type: multipart/mixed; boundary=", "Content-Type: multipart/alternative; boundary=", "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable", "Content-Disposition: attachment; filename*=utf-8''%E2%9C%93.jpg", "Subject: =?utf-8?B?", "From: \"x\" <a@b>", "\r\n", "--", "=\r\n", "\r\n\r\n", "AAAA", "=3D"), { maxLength: 40 }),
  )
  .map(([b, pieces]) => Buffer.from(pieces.map((p) => (p.endsWith("boundary=") ? `${p}"${b}"\r\n--${b}\r\n` : p)).join("")));

describe("parsers under hostile input (property)", () => {
  it(
    "MIME: arbitrary, MIME-like and damaged messages parse or are refused with an AppError",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(bytes, mimeish, fc.tuple(message, damage).map(async ([m, d]) => applyDamage(await toMime(m), d))), async (input) => {
          await settles(async () => parseInbound("MIME", await input, "message/rfc822"));
        }),
        runs,
      );
    },
    TIMEOUT,
  );

  it(
    "Postmark: arbitrary JSON, bytes and damaged payloads parse or are refused with an AppError",
    async () => {
      const json = fc.oneof(fc.json({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ Attachments: [v], Headers: v, From: v, RawEmail: v })));
      await fc.assert(
        fc.asyncProperty(fc.oneof(bytes, json.map((j) => Buffer.from(j)), fc.tuple(message, damage).map(async ([m, d]) => applyDamage((await toPostmark(m, { raw: d.length > 3 })).body, d))), async (input) => {
          await settles(async () => parseInbound("POSTMARK", await input, "application/json"));
        }),
        runs,
      );
    },
    TIMEOUT,
  );

  it(
    "Mailgun and SendGrid: arbitrary or damaged multipart bodies and content types parse or are refused with an AppError",
    async () => {
      const payload = fc.oneof(
        fc.tuple(bytes, boundary).map(([b, bd]) => ({ body: b, contentType: `multipart/form-data; boundary="${bd}"` })),
        fc.tuple(bytes, fc.string({ maxLength: 80 })).map(([b, ct]) => ({ body: b, contentType: ct })),
        fc.tuple(message, damage, fc.boolean()).map(async ([m, d, raw]) => {
          const p = await (raw ? toSendgrid(m, { raw }) : toMailgun(m));
          return { body: applyDamage(p.body, d), contentType: p.contentType };
        }),
      );
      await fc.assert(
        fc.asyncProperty(payload, fc.constantFrom("MAILGUN" as const, "SENDGRID" as const), async (p, provider) => {
          const { body, contentType } = await p;
          await settles(async () => parseInbound(provider, body, contentType));
        }),
        runs,
      );
    },
    TIMEOUT,
  );

  it("the edge's form reader refuses unparseable bodies with INVALID_INPUT and reads fields case-insensitively", async () => {
    await fc.assert(
      fc.asyncProperty(bytes, boundary, async (body, bd) => {
        const result = await settles(async () => edgeReadForm(new Uint8Array(body), `multipart/form-data; boundary="${bd}"`));
        if (result.ok) for (const name of ["timestamp", "TOKEN", "Signature"]) expect(await formText(result.value, name)).toSatisfy((v) => v === null || typeof v === "string");
      }),
      runs,
    );
  });

  it("the edge's header reader never throws and only returns ids without brackets or spaces", () => {
    const text = fc.oneof(fc.string({ maxLength: 2_000 }), fc.string({ unit: "binary", maxLength: 500 }), mimeish.map((b) => b.toString("latin1")));
    fc.assert(
      fc.property(text, (t) => {
        const section = headerSection(t);
        expect(t.startsWith(section) || t.length > 1_048_576).toBe(true);
        parseHeaderFields(section);
        looksLikeMessage(section);
        for (const id of [messageIdOf(t), messageIdOf(Buffer.from(t)), normalizeMessageId(t)]) if (id !== null) expect(id).toMatch(/^[^<>\s]{1,998}$/);
      }),
      { ...runs, numRuns: 300 },
    );
  });

  it("Authentication-Results parsing never throws and reports only known verdicts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.array(fc.constantFrom("spf=", "dkim=", "dmarc=", "pass", "fail", "(", ")", '"', ";", " ", "\\", "mx.example"), { maxLength: 60 }).map((a) => a.join(""))), (v) => {
        const { results } = parseAuthenticationResults(v);
        for (const r of Object.values(results)) expect([null, "PASS", "FAIL", "SOFTFAIL", "NEUTRAL", "NONE", "TEMPERROR", "PERMERROR"]).toContain(r);
      }),
      { ...runs, numRuns: 300 },
    );
  });
});
