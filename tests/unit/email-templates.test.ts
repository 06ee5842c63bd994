import { describe, expect, it } from "vitest";
import { caseNumberFromAddress, caseReplyAddress, isOwnAddress, normalizeMessageId, threadOf } from "@/lib/email/addresses";
import { resolveLocale, type Locale } from "@/lib/email/locale";
import { fill, renderEmail, type RenderInput } from "@/lib/email/render";
import { displayFileName, singleLine } from "@/lib/email/sanitize";
import { inboundSuppression, robotAddress } from "@/lib/email/suppression";
import { isAutomatic } from "@/lib/email/templates";
import { ZStoredVariables, templateVariables } from "@/lib/email/variables";
import type { OutboundTemplate } from "@/lib/generated/prisma/enums";

const TEMPLATES = Object.keys(templateVariables) as OutboundTemplate[];
const LIMITS = { maxFiles: 10, maxFileBytes: 15 * 1024 * 1024 };

function render(over: Partial<RenderInput> & { vars?: Record<string, unknown> } = {}) {
  const { vars, ...rest } = over;
  return renderEmail({
    template: "ACKNOWLEDGEMENT",
    locale: "en",
    caseRef: "GH-000123",
    limits: LIMITS,
    supportAddress: "support@gatehouse.test",
    ...rest,
    variables: ZStoredVariables.parse({ locale: rest.locale ?? "en", slaHours: 8, fileNames: ["scan.zip"], ...vars }),
  });
}

describe("locale choice", () => {
  it.each([
    ["es", "es"], ["es-MX", "es"], ["ES_ar", "es"], [" es ", "es"],
    ["en", "en"], ["en-GB", "en"], ["fr-FR", "en"], ["", "en"], [null, "en"], [undefined, "en"], ["esperanto", "en"],
  ] as [string | null | undefined, Locale][])("%s → %s", (tag, want) => {
    expect(resolveLocale(tag)).toBe(want);
  });
});

describe("rendering", () => {
  it.each(TEMPLATES.flatMap((t) => (["en", "es"] as Locale[]).map((l) => [t, l] as const)))("%s in %s: no placeholder left, case ref in subject, HTML alongside", (template, locale) => {
    const out = render({ template, locale, vars: { reasonCodes: ["BLURRY"] } });
    for (const part of [out.subject, out.text, out.html]) expect(part).not.toMatch(/\{\{|\}\}/);
    expect(out.subject).toContain("[GH-000123]");
    expect(out.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${locale}">`));
    expect(out.text.endsWith("\n")).toBe(true);
  });

  it("writes Spanish for es and English otherwise", () => {
    expect(render({ locale: "es" }).text).toContain("Hemos recibido las fotos");
    expect(render({ locale: "es" }).subject).toBe("Hemos recibido las fotos de su documento de identidad [GH-000123]");
    expect(render({ locale: "en" }).text).toContain("We received your ID photos");
  });

  it("greets by name when the name is known, neutrally when not", () => {
    expect(render({ vars: { customerName: "María José" } }).text).toMatch(/^Hello María José,\n/);
    expect(render({ vars: { customerName: null } }).text).toMatch(/^Hello,\n/);
    expect(render({ locale: "es", vars: { customerName: "María José" } }).text).toMatch(/^Hola, María José:\n/);
    expect(render({ locale: "es" }).text).toMatch(/^Hola:\n/);
  });

  it("fills the case, device, SLA and accepted files", () => {
    const text = render({ vars: { deviceName: "iPhone 15", slaHours: 4 } }).text;
    expect(text).toContain("opened review case GH-000123 for the login on your iPhone 15");
    expect(text).toContain("usually within 4 hours");
    expect(render().text).toContain("your new device");
    const wrong = render({ template: "WRONG_SENDER", caseRef: null }).text;
    expect(wrong).toContain("to support@gatehouse.test");
    expect(wrong).toContain("JPEG, PNG, WebP or HEIC photos and PDF scans (at most 10 files of up to 15 MB each)");
    expect(render({ template: "WRONG_SENDER", caseRef: null, locale: "es" }).text).toContain("como máximo 10 archivos de hasta 15 MB cada uno");
  });

  it("has no empty brackets or dangling case phrases without a case", () => {
    const out = render({ template: "UNSUPPORTED_ATTACHMENT", caseRef: null, vars: { fileNames: ["a.zip", "b.docx"] } });
    expect(out.subject).toBe("We could not open your attachment");
    expect(out.text).toContain('we could not open the attachments you sent ("a.zip" and "b.docx"), so');
    expect(render({ template: "UNSUPPORTED_ATTACHMENT", locale: "es", vars: { fileNames: ["a.zip", "b.docx", "c.rar"] } }).text).toContain(
      "para el caso GH-000123 («a.zip», «b.docx» y «c.rar»)",
    );
  });

  it("words reasons per language, adds the agent's note, and has a fallback", () => {
    const en = render({ template: "DECISION_REJECTED", vars: { reasonCodes: ["BLURRY", "BACK_MISSING"], reasonNote: "Please include the whole card." } }).text;
    expect(en).toContain("could not authorise your new device: the photos are blurry or too dark to read; we did not receive the back of your ID. Please include the whole card.");
    const es = render({ template: "RESUBMISSION_REQUEST", locale: "es", vars: { reasonCodes: ["GLARE", "NOT_A_CODE"] } }).text;
    expect(es).toContain("caso GH-000123: hay reflejos que tapan parte del documento.\n");
    expect(render({ template: "DECISION_REJECTED", vars: { reasonCodes: [] } }).text).toContain(": we could not verify your identity from the photos you sent.\n");
    expect(render({ template: "DECISION_REJECTED", vars: { reasonCodes: ["OTHER"], reasonNote: "The photo shows a different person." } }).text).toContain(
      "could not authorise your new device: The photo shows a different person.\n",
    );
    expect(render({ template: "DECISION_REJECTED", locale: "es", vars: { reasonCodes: ["ID_BOUND_TO_OTHER_ACCOUNT"] } }).text).toContain(
      ": este documento no puede usarse para verificar esta cuenta.\n",
    );
  });

  it("escapes every variable in the HTML part", () => {
    const out = render({ vars: { customerName: `<script>alert("x")</script> & <b>Bob</b>` } });
    expect(out.html).not.toMatch(/<script|<b>/);
    expect(out.html).toContain("Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Bob&lt;/b&gt;,");
    expect(out.text).toContain(`Hello <script>alert("x")</script> & <b>Bob</b>,`); // plain text is shown as text
  });

  it("keeps CR/LF out of the subject, whatever the variables or the admin's text hold", () => {
    const override = { subject: "Hi {{customerName}} {{reasonText}} [{{caseRef}}]", body: "{{greeting}}\n\nbody" };
    const out = render({ override, vars: { customerName: "Eve\r\nBcc: victim@example.com", reasonNote: "line one\r\nX-Injected: yes" } });
    expect(out.subject).not.toMatch(/[\r\n]/);
    expect(out.subject).toBe("Hi Eve Bcc: victim@example.com line one X-Injected: yes [GH-000123]");
    expect(out.text).toMatch(/^Hello Eve Bcc: victim@example.com,\n/);
  });

  it("uses an admin-edited row for English only, and adds the case reference when the row lacks it", () => {
    const override = { subject: "Got it", body: "Dear customer,\n\ncase {{caseRef}} is open. {{unknown}}done." };
    const en = render({ override });
    expect(en.subject).toBe("Got it [GH-000123]");
    expect(en.text).toBe("Dear customer,\n\ncase GH-000123 is open. done.\n");
    expect(en.html).toContain('<p style="margin:0 0 1em">case GH-000123 is open. done.</p>');
    expect(render({ override, locale: "es" }).text).toContain("Hemos recibido las fotos");
    // The seeded rows carry the reference in the subject already: not twice.
    expect(render({ override: { subject: "We received your ID photos [{{caseRef}}]", body: "x" } }).subject).toBe("We received your ID photos [GH-000123]");
    expect(render({ caseRef: null, template: "WRONG_SENDER", override: { subject: "Ref [{{caseRef}}] here", body: "x" } }).subject).toBe("Ref here");
  });
});

describe("fill", () => {
  it("handles sections and never re-reads inserted values as template text", () => {
    expect(fill("{{#a}}A={{a}}{{/a}}{{^a}}none{{/a}}", { a: "1" })).toBe("A=1");
    expect(fill("{{#a}}A={{a}}{{/a}}{{^a}}none{{/a}}", { a: "" })).toBe("none");
    expect(fill("{{ a }}/{{b}}", { a: "{{b}}", b: "B" })).toBe("{{b}}/B");
  });
});

describe("sanitising", () => {
  it("singleLine removes line breaks, controls and bidi overrides", () => {
    expect(singleLine("a\r\nb\u0000c\u202Ed\u2028e")).toBe("a b c d e");
  });
  it("file names lose paths and link-making characters", () => {
    expect(displayFileName("../../evil.com/login.html")).toBe("login.html");
    expect(displayFileName("http://evil.example/pay now.jpg")).toBe("pay now.jpg");
    expect(displayFileName("visit evil.example.com.zip")).toBe("visit evil_example_com.zip");
    expect(displayFileName("me@evil.test.pdf")).toBe("me_evil_test.pdf");
    expect(displayFileName("photo\u202Egpj.exe")).toBe("photo gpj.exe");
    expect(displayFileName("")).toBe("attachment");
    expect(displayFileName("x".repeat(300) + ".jpg").length).toBeLessThanOrEqual(60);
  });
  it("variables are validated strictly: unknown keys (document data) are refused", () => {
    expect(templateVariables.DECISION_APPROVED.safeParse({ deviceName: "Pixel", image: "base64…" }).success).toBe(false);
    expect(templateVariables.ACKNOWLEDGEMENT.safeParse({ customerName: "A" }).success).toBe(false); // slaHours missing
    expect(templateVariables.UNSUPPORTED_ATTACHMENT.safeParse({ fileNames: [] }).success).toBe(false);
    expect(templateVariables.WRONG_SENDER.parse({ customerName: " Ann\r\nBcc: x " })).toEqual({ customerName: "Ann Bcc: x" });
  });
});

describe("when not to reply", () => {
  it.each([
    [{ "Auto-Submitted": "auto-replied" }, "auto_submitted"],
    [{ "auto-submitted": "auto-generated; owner-email=x" }, "auto_submitted"],
    [{ "Auto-Submitted": "No" }, null],
    [{ "X-Autoreply": "yes" }, "auto_submitted"],
    [{ "X-Auto-Response-Suppress": "OOF, AutoReply" }, "auto_submitted"],
    [{ "Return-Path": "<>" }, "auto_submitted"],
    [{ Precedence: "bulk" }, "bulk_or_list"],
    [{ precedence: "List" }, "bulk_or_list"],
    [{ Precedence: "junk" }, "bulk_or_list"],
    [{ "List-Id": "<news.example.com>" }, "bulk_or_list"],
    [{ "List-Unsubscribe": "<mailto:u@example.com>" }, "bulk_or_list"],
    [{ Subject: "hi", "Return-Path": "<a@b.c>" }, null],
  ] as [Record<string, string>, string | null][])("%j → %s", (headers, want) => {
    expect(inboundSuppression(headers)).toBe(want);
  });
  it("recognises robots by address", () => {
    expect(robotAddress("MAILER-DAEMON@mx.example.com")).toBe("auto_submitted");
    expect(robotAddress("list-request@example.com")).toBe("bulk_or_list");
    expect(robotAddress("ana@example.com")).toBeNull();
  });
  it("only intake's replies are automatic", () => {
    expect(TEMPLATES.filter(isAutomatic).sort()).toEqual(["ACKNOWLEDGEMENT", "UNSUPPORTED_ATTACHMENT", "WRONG_SENDER"]);
  });
});

describe("addresses and Message-IDs", () => {
  it("knows our own domain", () => {
    expect(isOwnAddress("support@gatehouse.test")).toBe(true);
    expect(isOwnAddress("Support+GH-000001@Gatehouse.Test")).toBe(true);
    expect(isOwnAddress("bounces@mx.gatehouse.test")).toBe(true);
    expect(isOwnAddress("ana@notgatehouse.test")).toBe(false);
  });
  it("builds and reads per-case reply addresses", () => {
    expect(caseReplyAddress(123)).toBe("support+GH-000123@gatehouse.test");
    expect(caseNumberFromAddress("SUPPORT+gh-000123@gatehouse.test")).toBe(123);
    expect(caseNumberFromAddress("support+GH-000123@elsewhere.test")).toBeNull();
    expect(caseNumberFromAddress("support@gatehouse.test")).toBeNull();
  });
  it("normalises Message-IDs and builds a thread", () => {
    expect(normalizeMessageId(" <abc@x.test> ")).toBe("abc@x.test");
    expect(normalizeMessageId("a b@x")).toBeNull();
    expect(normalizeMessageId("<a@x>\r\nBcc: y")).toBeNull();
    expect(threadOf({ messageId: "<c@x>", references: ["<a@x> <b@x>", "<b@x><z@x>"] })).toEqual({ inReplyTo: "c@x", references: ["a@x", "b@x", "z@x", "c@x"] });
    expect(threadOf({ messageId: null, references: [] })).toEqual({ inReplyTo: null, references: [] });
  });
});
