// Standard Webhooks signing of our outbound webhooks (lib/webhooks/signing.ts), checked against
// itself and against the identity-service simulator's independent verifier
// (scripts/lib/identity-sim/verify.ts): valid signatures pass both, any one-bit change of id,
// timestamp, body or signature fails both, stale timestamps fail, malformed headers never throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyStandardWebhook } from "@/scripts/lib/identity-sim/verify";
import { generateWebhookSecret, signWebhook, verifyWebhook } from "@/lib/webhooks/signing";
import { bodyText, flipCharBit, headerText, NOW_MS, NOW_S, runs, TOLERANCE } from "./signature-support";

const secret = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((b) => `whsec_${Buffer.from(b).toString("base64")}`);
const msgId = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789_-"), minLength: 1, maxLength: 40 }).map((s) => `msg_${s}`);
const skew = fc.integer({ min: -TOLERANCE, max: TOLERANCE });
const now = new Date(NOW_MS);

type Headers3 = { id: string; timestamp: string; signature: string };
const ours = (key: string, h: Headers3, body: string) => verifyWebhook(key, h, body, { now });
const theirs = (key: string, h: Headers3, body: string) => verifyStandardWebhook(key, h, body, NOW_S);

function signed(key: string, id: string, body: string, s: number): Headers3 {
  const h = signWebhook(key, id, body, new Date(NOW_MS + s * 1000));
  return { id: h["webhook-id"], timestamp: h["webhook-timestamp"], signature: h["webhook-signature"] };
}

describe("Standard Webhooks (property)", () => {
  it("round-trips: what we sign, both verifiers accept within ±300 s", () => {
    fc.assert(
      fc.property(secret, msgId, bodyText, skew, (key, id, body, s) => {
        const h = signed(key, id, body, s);
        expect(ours(key, h, body)).toEqual({ ok: true });
        expect(theirs(key, h, body)).toBeNull();
      }),
      runs,
    );
  });

  it("a signature from a rotated-out secret still passes beside the current one, and not alone", () => {
    fc.assert(
      fc.property(msgId, bodyText, (id, body) => {
        const [oldKey, newKey] = [generateWebhookSecret(), generateWebhookSecret()];
        const both = { ...signed(newKey, id, body, 0), signature: `${signed(oldKey, id, body, 0).signature} ${signed(newKey, id, body, 0).signature}` };
        expect(ours(newKey, both, body)).toEqual({ ok: true });
        expect(ours(newKey, signed(oldKey, id, body, 0), body)).toEqual({ ok: false, reason: "bad_signature" });
      }),
      { ...runs, numRuns: 50 },
    );
  });

  it("refuses any one-bit change of id, timestamp, body or signature", () => {
    fc.assert(
      fc.property(secret, msgId, bodyText, skew, fc.nat(), fc.nat(), fc.constantFrom("id", "timestamp", "body", "signature"), (key, id, body, s, at, bit, what) => {
        const h = signed(key, id, body, s);
        let sentBody = body;
        const sent = { ...h };
        if (what === "body") sentBody = flipCharBit(body, at, bit);
        else sent[what] = flipCharBit(h[what], at, bit);
        expect(ours(key, sent, sentBody).ok).toBe(false);
        expect(theirs(key, sent, sentBody)).not.toBeNull();
      }),
      runs,
    );
  });

  it("refuses a signature whose last base64 digit differs only in its unused bits (found by this suite)", () => {
    const key = generateWebhookSecret();
    const h = signed(key, "msg_1", "{}", 0);
    const sig = h.signature.slice(3); // 44 digits: the 43rd carries 4 bits of MAC and 2 unused ones
    const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const twin = sig.slice(0, 42) + digits[digits.indexOf(sig[42]) ^ 1] + sig.slice(43);
    expect(Buffer.from(twin, "base64").equals(Buffer.from(sig, "base64"))).toBe(true);
    expect(ours(key, { ...h, signature: `v1,${twin}` }, "{}")).toEqual({ ok: false, reason: "bad_signature" });
    expect(theirs(key, { ...h, signature: `v1,${twin}` }, "{}")).toBe("bad_signature");
  });

  it("refuses timestamps more than 300 s away", () => {
    fc.assert(
      fc.property(secret, msgId, bodyText, fc.integer({ min: TOLERANCE + 1, max: 10 ** 8 }), fc.boolean(), (key, id, body, s, past) => {
        const h = signed(key, id, body, past ? -s : s);
        expect(ours(key, h, body)).toEqual({ ok: false, reason: "stale_timestamp" });
        expect(theirs(key, h, body)).toBe("stale_timestamp");
      }),
      runs,
    );
  });

  it("refuses malformed or missing headers without throwing", () => {
    const maybe = fc.option(headerText(80), { nil: undefined });
    fc.assert(
      fc.property(secret, maybe, maybe, maybe, bodyText, (key, id, timestamp, signature, body) => {
        expect(verifyWebhook(key, { id: id ?? null, timestamp: timestamp ?? null, signature: signature ?? null }, body, { now }).ok).toBe(false);
        expect(verifyStandardWebhook(key, { id, timestamp, signature }, body, NOW_S)).not.toBeNull();
      }),
      runs,
    );
  });
});
