// Signature checks of the inbound edge and the identity-events endpoint: X-Gatehouse-Signature,
// Mailgun's HMAC, SendGrid's ECDSA, HTTP Basic and the freshness window. Any one-bit change of
// what was signed is refused; malformed input is refused with a 401, never a crash.
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifySignature } from "@/lib/identity/signature";
import { checkBasicAuth } from "@/lib/intake/edge/basic-auth";
import { macMatchesHex, safeEqual } from "@/lib/intake/edge/constant-time";
import { verifyEcdsa } from "@/lib/intake/edge/ecdsa";
import { assertFresh } from "@/lib/intake/edge/freshness";
import { mailgun } from "@/lib/intake/edge/providers/mailgun";
import { mime } from "@/lib/intake/edge/providers/mime";
import type { EdgeSettings } from "@/lib/intake/edge/settings";
import { parseSignatureHeader } from "@/lib/intake/edge/signature-header";
import { bodyBytes, flipByteBit, flipCharBit, headerText, NOW_MS, NOW_S, onlyAppErrors, runs, TOLERANCE } from "./signature-support";

const SECRET = "property-test-secret-0000";
const opts = { secret: SECRET, nowMs: NOW_MS, toleranceSeconds: TOLERANCE };
const settings: EdgeSettings = {
  maxBytes: 1 << 20,
  toleranceSeconds: TOLERANCE,
  postmark: { username: "postmark", password: "postmark-password-0000" },
  mailgunSigningKey: SECRET,
  sendgrid: { username: "sendgrid", password: "sendgrid-password-0000", publicKey: null },
  mimeSecret: SECRET,
};
const skew = fc.integer({ min: -TOLERANCE, max: TOLERANCE });
const gatehouseHeader = (body: Uint8Array, t: string, secret = SECRET) => `t=${t},v1=${createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex")}`;
const message = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from("From: a@example.com\r\nSubject: x\r\n\r\n"), b]));
const UNAUTH = ["missing_signature", "malformed_signature", "bad_signature", "stale_timestamp"];

describe("X-Gatehouse-Signature (property)", () => {
  it("parseSignatureHeader never throws, and anything it returns has a timestamp and a v1", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), headerText(), fc.constantFrom("t=1,v1=", "t=,v1=a", ",", "=", "t=1,v1=a,v1=b,x=y")), (h) => {
        const parsed = parseSignatureHeader(h);
        if (parsed) expect(parsed.t.length > 0 && parsed.v1.length > 0).toBe(true);
      }),
      runs,
    );
  });

  it("accepts a valid signature at any time within ±300 s", () => {
    fc.assert(
      fc.property(bodyBytes, skew, (body, s) => {
        const t = String(NOW_S + s);
        expect(verifySignature(body, gatehouseHeader(body, t), opts).t).toBe(NOW_S + s);
      }),
      runs,
    );
  });

  it("refuses a timestamp more than 300 s away (stale_timestamp)", () => {
    fc.assert(
      fc.property(bodyBytes, fc.integer({ min: TOLERANCE + 1, max: 10 ** 8 }), fc.boolean(), (body, s, past) => {
        const t = String(NOW_S + (past ? -s : s));
        expect(() => verifySignature(body, gatehouseHeader(body, t), opts)).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: "stale_timestamp" }) }));
      }),
      runs,
    );
  });

  it("refuses any one-bit change of the body, the timestamp or the header", async () => {
    await fc.assert(
      fc.asyncProperty(message, skew, fc.nat(), fc.nat(), fc.constantFrom("body", "timestamp", "header"), async (body, s, at, bit, what) => {
        const t = String(NOW_S + s);
        const original = gatehouseHeader(body, t);
        let header = original;
        let sent = body;
        if (what === "body") sent = flipByteBit(body, at * 8 + bit);
        else if (what === "timestamp") header = `t=${flipCharBit(t, at, bit)},${header.split(",")[1]}`;
        else header = flipCharBit(header, at, bit);
        const parsed = parseSignatureHeader(header);
        if (sent === body && parsed?.t === t && parsed.v1[0] !== original.split("v1=")[1] && parsed.v1[0].toLowerCase() === original.split("v1=")[1]) {
          // The same MAC with a hex letter's case changed: hex is compared case-insensitively, so
          // this is the same signature spelt differently (replay keys use our own MAC, not the text).
          expect(verifySignature(sent, header, opts).t).toBe(NOW_S + s);
          return;
        }
        const checks: (() => unknown)[] = [
          () => verifySignature(sent, header, opts),
          () => mime.authenticate({ raw: sent, headers: new Headers({ "x-gatehouse-signature": header }), contentType: "message/rfc822", nowMs: NOW_MS, settings }),
        ];
        for (const check of checks) {
          const result = await onlyAppErrors(check);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(UNAUTH).toContain(result.error.details?.reason);
        }
      }),
      runs,
    );
  });

  it("refuses malformed headers with a 401, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(bodyBytes, headerText(), async (body, header) => {
        const result = await onlyAppErrors(() => verifySignature(body, header, opts));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe("UNAUTHENTICATED");
      }),
      runs,
    );
  });
});

describe("Mailgun HMAC (property)", () => {
  const form = (timestamp: string, token: string, signature: string) => Buffer.from(new URLSearchParams({ timestamp, token, signature }).toString());
  const mac = (timestamp: string, token: string) => createHmac("sha256", SECRET).update(timestamp + token).digest();

  it("a correct signature matches; any one-bit change of timestamp, token or signature is refused", async () => {
    await fc.assert(
      fc.asyncProperty(skew, fc.string({ minLength: 1, maxLength: 60 }), fc.nat(), fc.nat(), fc.constantFrom("timestamp", "token", "signature"), async (s, token, at, bit, what) => {
        const timestamp = String(NOW_S + s);
        const signature = mac(timestamp, token).toString("hex");
        expect(macMatchesHex(mac(timestamp, token), signature)).toBe(true);
        const fields = { timestamp, token, signature };
        fields[what] = flipCharBit(fields[what], at, bit);
        if (what === "signature" && fields.signature.toLowerCase() === signature) {
          // A hex letter's case changed: the same MAC spelt differently, accepted (the replay
          // cache keys on the token, so it cannot be replayed either).
          expect(macMatchesHex(mac(timestamp, token), fields.signature)).toBe(true);
          return;
        }
        const raw = form(fields.timestamp, fields.token, fields.signature);
        const result = await onlyAppErrors(() => mailgun.authenticate({ raw, headers: new Headers(), contentType: "application/x-www-form-urlencoded", nowMs: NOW_MS, settings }));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(UNAUTH).toContain(result.error.details?.reason);
      }),
      runs,
    );
  });

  it("macMatchesHex and safeEqual never throw on arbitrary input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 140 }), fc.string({ maxLength: 40 }), (m, hex, other) => {
        expect(typeof macMatchesHex(Buffer.from(m), hex)).toBe("boolean");
        expect(safeEqual(hex, other)).toBe(hex === other);
      }),
      runs,
    );
  });
});

describe("SendGrid ECDSA (property)", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ecdsa = (t: string, body: Uint8Array) => sign("sha256", Buffer.concat([Buffer.from(t), body]), { key: privateKey, dsaEncoding: "der" }).toString("base64");

  it("accepts its own signature, refuses any one-bit change of body, timestamp or signature bytes", () => {
    fc.assert(
      fc.property(bodyBytes, skew, fc.nat(), fc.constantFrom("body", "timestamp", "signature"), (body, s, bit, what) => {
        const t = String(NOW_S + s);
        const sig = ecdsa(t, body);
        expect(verifyEcdsa(publicKey, t, body, sig)).toBe(true);
        if (what === "body") expect(verifyEcdsa(publicKey, t, flipByteBit(body, bit), sig)).toBe(false);
        else if (what === "timestamp") expect(verifyEcdsa(publicKey, flipCharBit(t, bit >> 3, bit), body, sig)).toBe(false);
        else expect(verifyEcdsa(publicKey, t, body, flipByteBit(Buffer.from(sig, "base64"), bit).toString("base64"))).toBe(false);
      }),
      { ...runs, numRuns: 100 },
    );
  });

  it("returns false, never throws, for arbitrary signature text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String({ maxLength: 120 })), bodyBytes, (sig, body) => {
        expect(verifyEcdsa(publicKey, String(NOW_S), body, sig)).toBe(false);
      }),
      runs,
    );
  });
});

describe("HTTP Basic (property)", () => {
  const user = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((u) => !u.includes(":"));
  const pass = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
  const basic = (u: string, p: string) => new Headers({ authorization: `Basic ${Buffer.from(`${u}:${p}`, "utf8").toString("base64")}` });

  it("accepts the configured pair; refuses it with any one character changed in either half", () => {
    fc.assert(
      fc.property(user, pass, fc.nat(), fc.nat(), fc.boolean(), (u, p, at, bit, inUser) => {
        expect(() => checkBasicAuth(basic(u, p), { username: u, password: p }, "Test")).not.toThrow();
        const headers = inUser ? basic(flipCharBit(u, at, bit), p) : basic(u, flipCharBit(p, at, bit));
        expect(() => checkBasicAuth(headers, { username: u, password: p }, "Test")).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
      }),
      runs,
    );
  });

  it("refuses arbitrary Authorization headers with a 401, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(headerText(), headerText().map((s) => `Basic ${s}`), fc.base64String().map((s) => `Basic ${s}`)), async (h) => {
        const result = await onlyAppErrors(() => checkBasicAuth(new Headers({ authorization: h }), { username: "postmark", password: "p4ssword-p4ssword" }, "Test"));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe("UNAUTHENTICATED");
      }),
      runs,
    );
  });
});

describe("freshness window (property)", () => {
  it("accepts unix times within ±300 s, refuses the rest and anything that is not whole seconds", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(skew.map((s) => String(NOW_S + s)), fc.integer({ min: -(10 ** 9), max: 10 ** 9 }).map((s) => String(NOW_S + s)), fc.string({ maxLength: 20 })), async (t) => {
        const result = await onlyAppErrors(() => assertFresh(t, NOW_MS, TOLERANCE));
        const fresh = /^\d{1,12}$/.test(t) && Math.abs(Number(t) - NOW_S) <= TOLERANCE;
        expect(result.ok).toBe(fresh);
        if (!result.ok) expect(["malformed_signature", "stale_timestamp"]).toContain(result.error.details?.reason);
      }),
      runs,
    );
  });
});
