import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { displayNameSpoof, parseAuthenticationResults, parseInbound } from "@/lib/intake/parse";
import type { ParsedMessage } from "@/lib/intake/types";
import * as fx from "../support/email-fixtures";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../fixtures/email", name));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Everything a consumer relies on, with attachment bytes reduced to their hash. */
function shape(m: ParsedMessage) {
  return {
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    from: m.from,
    replyTo: m.replyTo,
    to: m.to,
    subject: m.subject,
    date: m.date?.toISOString() ?? null,
    text: m.text?.trim() ?? null,
    html: m.html,
    auth: m.auth,
    authHeader: m.headers["authentication-results"],
    parts: m.parts.map((p) => ({ ...p, content: sha(p.content) })),
  };
}

const mime = async (m: fx.FixtureMessage) => parseInbound("MIME", await fx.toMime(m), "message/rfc822");

describe("parseInbound: every provider format", () => {
  it("parses the same Outlook message to the same shape from MIME, Postmark, Mailgun and SendGrid (parsed and raw modes)", async () => {
    const m = await fx.outlook();
    m.inReplyTo = "ack-GH-000123@gatehouse.test";
    m.references = ["first@mail.example.com", "ack-GH-000123@gatehouse.test"];
    m.replyTo = "Ana García <ana.garcia@example.com>";
    const expected = shape(await mime(m));

    expect(expected).toMatchObject({
      messageId: "AM0PR01MB0001@mail.example.com",
      inReplyTo: "ack-GH-000123@gatehouse.test",
      references: ["first@mail.example.com", "ack-GH-000123@gatehouse.test"],
      from: { address: "ana.garcia@example.com", name: "Ana García" },
      replyTo: { address: "ana.garcia@example.com", name: "Ana García" },
      to: [{ address: "support@gatehouse.test", name: "Gatehouse Support" }],
      subject: "My ID photos",
      date: "2026-11-20T10:15:00.000Z",
      auth: { spf: "PASS", dkim: "PASS", dmarc: "PASS" },
    });
    expect(expected.parts.map((p) => [p.fileName, p.disposition, p.contentId])).toEqual([
      ["image001.png", "inline", "image001.png@01DB3B5C.7A1D2E60"],
      ["ID front.png", "attachment", null],
      ["ID back.png", "attachment", null],
    ]);
    expect(expected.parts.map((p) => p.content)).toEqual(m.attachments.map((a) => sha(a.content)));

    const payloads = {
      postmark: ["POSTMARK", await fx.toPostmark(m)],
      postmarkRaw: ["POSTMARK", await fx.toPostmark(m, { raw: true })],
      mailgun: ["MAILGUN", await fx.toMailgun(m)],
      mailgunMime: ["MAILGUN", await fx.toMailgun(m, { mime: true })],
      sendgrid: ["SENDGRID", await fx.toSendgrid(m)],
      sendgridRaw: ["SENDGRID", await fx.toSendgrid(m, { raw: true })],
    } as const;
    for (const [name, [provider, p]] of Object.entries(payloads)) {
      const got = shape(await parseInbound(provider, p.body, p.contentType));
      expect({ name, ...got }).toEqual({ name, ...expected });
    }
  });

  it("lower-cases header names and keeps the first of repeated headers", async () => {
    const m = await fx.gmail();
    m.headers = [["Authentication-Results", "mx.gatehouse.test; spf=fail smtp.mailfrom=example.com"], ...(m.headers ?? []), ["X-Custom-Thing", "  value  "]];
    const parsed = await mime(m);
    expect(Object.keys(parsed.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(parsed.headers["x-custom-thing"]).toBe("value");
    expect(parsed.headers["authentication-results"]).toMatch(/spf=fail/);
  });

  it("trims addresses and reads Postmark's RFC Message-ID from its headers, not Postmark's own id", async () => {
    const m = await fx.gmail();
    const p = await fx.toPostmark(m);
    const json = JSON.parse(p.body.toString());
    json.FromFull.Email = "  ana.garcia@example.com \n";
    json.ToFull[0].Email = " support@gatehouse.test ";
    const parsed = await parseInbound("POSTMARK", Buffer.from(JSON.stringify(json)), "application/json");
    expect(parsed.from?.address).toBe("ana.garcia@example.com");
    expect(parsed.to[0].address).toBe("support@gatehouse.test");
    expect(parsed.messageId).toBe("CAGmail-001@mail.example.com");
  });
});

describe("parseInbound: messages as clients send them", () => {
  it("Gmail: text and html alternatives, two JPEG attachments", async () => {
    const parsed = await mime(await fx.gmail());
    expect(parsed.text).toMatch(/photos of my ID/);
    expect(parsed.html).toMatch(/<div dir="ltr">/);
    expect(parsed.parts.map((p) => [p.fileName, p.declaredType, p.disposition])).toEqual([
      ["IMG_20261120_101500.jpg", "image/jpeg", "attachment"],
      ["IMG_20261120_101512.jpg", "image/jpeg", "attachment"],
    ]);
  });

  it("Apple Mail: HEIC photos sent inline without a cid stay attachments", async () => {
    const parsed = await mime(fx.appleMailHeic());
    expect(parsed.parts.map((p) => [p.fileName, p.declaredType, p.disposition])).toEqual([
      ["IMG_0001.HEIC", "image/heic", "attachment"],
      ["IMG_0002.HEIC", "image/heic", "attachment"],
    ]);
  });

  it("Android: base64 on one long line, RFC 2047 display name", async () => {
    const raw = await fx.androidRaw();
    expect(raw.toString().split("\r\n").some((l) => l.length > 10_000)).toBe(true);
    const parsed = await parseInbound("MIME", raw, "message/rfc822");
    expect(parsed.from).toEqual({ address: "ana.garcia@example.com", name: "Ana García" });
    expect(parsed.date?.toISOString()).toBe("2026-11-20T10:15:00.000Z");
    expect(parsed.parts.map((p) => p.fileName)).toEqual(["dni_frente.jpg", "dni_reverso.jpg"]);
    expect(parsed.parts[0].content.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it("a forwarded email: its photos are flattened into parts, flagged, and the message/rfc822 part itself is left out", async () => {
    const m = await fx.forwarded();
    const photos = (await fx.gmail()).attachments.map((a) => sha(a.content));
    for (const [provider, p] of [
      ["MIME", { body: await fx.toMime(m), contentType: "message/rfc822" }],
      ["POSTMARK", await fx.toPostmark(m)],
      ["MAILGUN", await fx.toMailgun(m)],
      ["SENDGRID", await fx.toSendgrid(m)],
    ] as const) {
      const parsed = await parseInbound(provider, p.body, p.contentType);
      expect(parsed.parts.map((x) => x.declaredType)).toEqual(["image/jpeg", "image/jpeg"]);
      expect(parsed.parts.every((x) => x.fromForwarded === true)).toBe(true);
      expect(parsed.parts.map((x) => sha(x.content))).toEqual(photos);
      expect(parsed.subject).toBe("Fwd: My ID photos");
    }
  });

  it("an out-of-office reply keeps the headers loop suppression needs", async () => {
    const parsed = await parseInbound("MIME", fixture("out-of-office.eml"), "message/rfc822");
    expect(parsed.headers["auto-submitted"]).toBe("auto-replied");
    expect(parsed.headers["precedence"]).toBe("auto_reply");
    expect(parsed.inReplyTo).toBe("ack-GH-000123@gatehouse.test");
    expect(parsed.to[0].address).toBe("support+GH-000123@gatehouse.test");
    expect(parsed.auth).toEqual({ spf: "PASS", dkim: "NONE", dmarc: "NONE" });
  });

  it("script in subject, body and file names is kept verbatim (escaping is the display's job) and the spoof is flagged", async () => {
    const parsed = await mime(await fx.scripted());
    expect(parsed.subject).toBe("<script>alert('subject')</script> ID");
    expect(parsed.parts[0].fileName).toBe('"><img src=x onerror=alert(1)>.jpg');
    expect(parsed.from?.address).toBe("mallory@evil.example");
    expect(displayNameSpoof(parsed.from, ["gatehouse.test"])).toBe(true);
  });

  it("unicode names survive every format: RTL and emoji display names, NFD file names as sent", async () => {
    const m = await fx.unicodeNames();
    for (const [provider, p] of [
      ["MIME", { body: await fx.toMime(m), contentType: "message/rfc822" }],
      ["POSTMARK", await fx.toPostmark(m)],
      ["MAILGUN", await fx.toMailgun(m)],
      ["SENDGRID", await fx.toSendgrid(m)],
    ] as const) {
      const parsed = await parseInbound(provider, p.body, p.contentType);
      expect(parsed.from?.name).toBe("محمد العلي 🪪");
      expect(parsed.subject).toBe("هويتي — my ID 🪪");
      expect(parsed.parts.map((x) => x.fileName?.normalize("NFC"))).toEqual(["Vorderseite.jpg", "Rückseite.jpg", "photo\u202Egpj.exe"]);
    }
  });

  it("malformed MIME is parsed as far as it goes: unclosed boundary, bad date, bad base64", async () => {
    const parsed = await parseInbound("MIME", fixture("malformed.eml"), "message/rfc822");
    expect(parsed.messageId).toBe("malformed-0001@example.com");
    expect(parsed.date).toBeNull();
    expect(parsed.text).toBe("body text");
    expect(parsed.parts.map((p) => p.fileName)).toEqual(["cut.jpg"]);
  });

  it("refuses payloads that are not what the provider sends, with permanent errors", async () => {
    await expect(parseInbound("POSTMARK", Buffer.from("{not json"), "application/json")).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await expect(parseInbound("POSTMARK", Buffer.from('{"Attachments": "nope"}'), "application/json")).rejects.toBeInstanceOf(AppError);
    await expect(parseInbound("MAILGUN", Buffer.from("x"), "application/json")).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    await expect(parseInbound("SENDGRID", Buffer.from("garbage"), "multipart/form-data; boundary=zzz")).rejects.toMatchObject({ code: "UNPROCESSABLE" });
  });
});

describe("sender authentication", () => {
  it("reads RFC 8601 results, ignoring comments, with any passing DKIM signature winning", () => {
    const r = parseAuthenticationResults(
      'mx.gatehouse.test (Postfix); spf=softfail (domain of transitioning x@example.com) smtp.mailfrom=x@example.com; dkim=fail (bad sig) header.d=other.example; dkim=pass header.d=example.com; dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=example.com; arc=none',
    );
    expect(r).toEqual({ authservId: "mx.gatehouse.test", results: { spf: "SOFTFAIL", dkim: "PASS", dmarc: "FAIL" } });
    expect(parseAuthenticationResults("mx.example; none").results).toEqual({ spf: null, dkim: null, dmarc: null });
    expect(parseAuthenticationResults("mx.example; spf=TempError; dkim=permerror; dmarc=neutral").results).toEqual({ spf: "TEMPERROR", dkim: "PERMERROR", dmarc: "NEUTRAL" });
  });

  it("believes the first Authentication-Results header (ours), not one the sender added below it", async () => {
    const m = await fx.gmail();
    m.headers = [["Authentication-Results", "mx.gatehouse.test; spf=fail smtp.mailfrom=example.com; dkim=none; dmarc=fail header.from=example.com"], AUTH_FORGED];
    expect((await mime(m)).auth).toEqual({ spf: "FAIL", dkim: "NONE", dmarc: "FAIL" });
  });

  it("with trusted authserv-ids, ignores headers from anyone else", async () => {
    const m = await fx.gmail();
    const foreign: [string, string] = ["Authentication-Results", "mx.google.com; spf=pass; dkim=pass; dmarc=pass"];
    m.headers = [foreign, ["Authentication-Results", "mx.gatehouse.test; spf=pass smtp.mailfrom=example.com; dkim=fail; dmarc=fail"]];
    const parsed = await parseInbound("MIME", await fx.toMime(m), "message/rfc822", { trustedAuthServIds: ["MX.gatehouse.test"] });
    expect(parsed.auth).toEqual({ spf: "PASS", dkim: "FAIL", dmarc: "FAIL" });
  });

  it("falls back to Received-SPF, and reports NONE when nothing says", async () => {
    const m = await fx.gmail();
    m.headers = [["Received-SPF", "Softfail (protection.outlook.com: domain of transitioning example.com discourages use of 192.0.2.25 as permitted sender)"]];
    expect((await mime(m)).auth).toEqual({ spf: "SOFTFAIL", dkim: "NONE", dmarc: "NONE" });
    m.headers = [];
    expect((await mime(m)).auth).toEqual({ spf: "NONE", dkim: "NONE", dmarc: "NONE" });
  });

  it("SendGrid's own SPF and dkim fields win over headers the sender could have written", async () => {
    const m = await fx.gmail();
    m.headers = [AUTH_FORGED];
    const p = await fx.toSendgrid(m, { spf: "softfail", dkim: "{@example.com : fail, @mailer.example : fail}" });
    const parsed = await parseInbound("SENDGRID", p.body, p.contentType);
    expect(parsed.auth.spf).toBe("SOFTFAIL");
    expect(parsed.auth.dkim).toBe("FAIL");
  });

  it("Mailgun's X-Mailgun-Spf and X-Mailgun-Dkim-Check-Result are read", async () => {
    const m = await fx.gmail();
    m.headers = [];
    const p = await fx.toMailgun(m, { spf: "Neutral", dkim: "Pass" });
    expect((await parseInbound("MAILGUN", p.body, p.contentType)).auth).toEqual({ spf: "NEUTRAL", dkim: "PASS", dmarc: "NONE" });
  });
});

describe("displayNameSpoof", () => {
  const own = ["gatehouse.test"];
  it.each([
    [{ name: "support@gatehouse.test", address: "x@evil.example" }, true],
    [{ name: "Ana <ana@example.com>", address: "ana@evil.example" }, true],
    [{ name: "Gatehouse Support", address: "help@evil.example" }, true],
    [{ name: "G\u200Bateh\u043Euse Security", address: "help@evil.example" }, true],
    [{ name: "Ｇａｔｅｈｏｕｓｅ", address: "help@evil.example" }, true],
    [{ name: "Gatehouse Support", address: "support@gatehouse.test" }, false],
    [{ name: "Ana García", address: "ana.garcia@example.com" }, false],
    [{ name: "ana.garcia@example.com", address: "Ana.Garcia@example.com" }, false],
    [{ name: null, address: "ana@example.com" }, false],
  ])("%o → %s", (from, spoof) => {
    expect(displayNameSpoof(from, own)).toBe(spoof);
  });
  it("is false without a sender", () => expect(displayNameSpoof(null, own)).toBe(false));
});

const AUTH_FORGED: [string, string] = ["Authentication-Results", "mx.gatehouse.test; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example"];
