import { describe, expect, it } from "vitest";
import {
  TOTP_ISSUER,
  currentTotp,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  openSecret,
  sealSecret,
  totpQrSvg,
  totpUri,
  verifyTotp,
} from "@/lib/auth/mfa";

// RFC 6238 appendix B: ASCII "12345678901234567890" (SHA-1), in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const T0 = 1_111_111_109_000; // an RFC test time, ms
const STEP = Math.floor(T0 / 30_000);
const at = (step: number) => step * 30_000 + 12_345; // some instant inside `step`

describe("TOTP secret and enrolment", () => {
  it("makes 20-byte base32 secrets, different every time", () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it("builds an otpauth URI for SHA1, 6 digits, 30 s, issued by Gatehouse", () => {
    const uri = new URL(totpUri(RFC_SECRET, "ana@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/${TOTP_ISSUER}:ana@example.com`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: "Gatehouse",
      secret: RFC_SECRET,
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });

  it("renders the URI as an SVG QR code", async () => {
    const svg = await totpQrSvg(totpUri(RFC_SECRET, "ana@example.com"));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });
});

describe("TOTP codes", () => {
  it("matches the RFC 6238 SHA-1 vectors (last 6 of the 8 digits)", () => {
    expect(currentTotp(RFC_SECRET, 59_000)).toBe("287082");
    expect(currentTotp(RFC_SECRET, T0)).toBe("081804");
    expect(currentTotp(RFC_SECRET, 1_111_111_111_000)).toBe("050471");
    expect(currentTotp(RFC_SECRET, 2_000_000_000_000)).toBe("279037");
  });

  it("round-trips: the current code verifies and returns the current step", () => {
    const secret = newTotpSecret();
    const now = at(STEP);
    expect(verifyTotp(secret, currentTotp(secret, now), { now })).toBe(STEP);
  });

  it("accepts the previous and next step, and nothing further out", () => {
    const now = at(STEP);
    expect(verifyTotp(RFC_SECRET, currentTotp(RFC_SECRET, at(STEP - 1)), { now })).toBe(STEP - 1);
    expect(verifyTotp(RFC_SECRET, currentTotp(RFC_SECRET, at(STEP + 1)), { now })).toBe(STEP + 1);
    expect(verifyTotp(RFC_SECRET, currentTotp(RFC_SECRET, at(STEP - 2)), { now })).toBeNull();
    expect(verifyTotp(RFC_SECRET, currentTotp(RFC_SECRET, at(STEP + 2)), { now })).toBeNull();
  });

  it("refuses a replayed code and any step at or before the last one used", () => {
    const now = at(STEP);
    const code = currentTotp(RFC_SECRET, now);
    const used = verifyTotp(RFC_SECRET, code, { now, lastUsedStep: null });
    expect(used).toBe(STEP);
    expect(verifyTotp(RFC_SECRET, code, { now, lastUsedStep: used })).toBeNull();
    // Still within the ±1 window a step later, but already used.
    expect(verifyTotp(RFC_SECRET, code, { now: at(STEP + 1), lastUsedStep: used })).toBeNull();
    expect(verifyTotp(RFC_SECRET, currentTotp(RFC_SECRET, at(STEP - 1)), { now, lastUsedStep: used })).toBeNull();
    // The next step's code is fresh.
    expect(verifyTotp(RFC_SECRET, currentTotp(RFC_SECRET, at(STEP + 1)), { now, lastUsedStep: used })).toBe(STEP + 1);
  });

  it("when one code is valid for two steps, takes the lowest fresh one", () => {
    // Found by search: RFC_SECRET gives "251166" at both of these consecutive steps.
    const [s1, s2] = [57_766_335, 57_766_336];
    expect([currentTotp(RFC_SECRET, at(s1)), currentTotp(RFC_SECRET, at(s2))]).toEqual(["251166", "251166"]);
    expect(verifyTotp(RFC_SECRET, "251166", { now: at(s2) })).toBe(s1);
    expect(verifyTotp(RFC_SECRET, "251166", { now: at(s2), lastUsedStep: s1 })).toBe(s2);
    expect(verifyTotp(RFC_SECRET, "251166", { now: at(s2), lastUsedStep: s2 })).toBeNull();
  });

  it("refuses a wrong code and a code for another secret", () => {
    const now = at(STEP);
    const valid = new Set([-1, 0, 1].map((d) => currentTotp(RFC_SECRET, at(STEP + d))));
    const wrong = ["000000", "123456", "999999", "314159"].find((c) => !valid.has(c))!;
    expect(verifyTotp(RFC_SECRET, wrong, { now })).toBeNull();
    const other = newTotpSecret();
    const otherCode = currentTotp(other, now);
    if (!valid.has(otherCode)) expect(verifyTotp(RFC_SECRET, otherCode, { now })).toBeNull();
  });

  it("accepts spaces in the code and rejects anything that is not six digits", () => {
    const now = at(STEP);
    const code = currentTotp(RFC_SECRET, now);
    expect(verifyTotp(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, { now })).toBe(STEP);
    expect(verifyTotp(RFC_SECRET, ` ${code} `, { now })).toBe(STEP);
    for (const bad of ["", "12345", "1234567", "12a456", "-12345", "１２３４５６", `${code}0`, code.slice(1)]) {
      expect(verifyTotp(RFC_SECRET, bad, { now }), bad).toBeNull();
    }
  });
});

describe("sealing the secret", () => {
  const flipByte = (part: string) => {
    const bytes = Buffer.from(part, "base64url");
    bytes[0] ^= 0x01;
    return bytes.toString("base64url");
  };

  it("round-trips and uses the v1 format with a 12-byte IV and 16-byte tag", () => {
    const secret = newTotpSecret();
    const sealed = sealSecret(secret);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    const secret = newTotpSecret();
    const a = sealSecret(secret).split(".");
    const b = sealSecret(secret).split(".");
    expect(b[1]).not.toBe(a[1]);
    expect(b[3]).not.toBe(a[3]);
  });

  it("detects tampering with the IV, the tag or the ciphertext", () => {
    const sealed = sealSecret(newTotpSecret());
    for (const i of [1, 2, 3]) {
      const parts = sealed.split(".");
      parts[i] = flipByte(parts[i]);
      expect(() => openSecret(parts.join(".")), `part ${i}`).toThrow();
    }
  });

  it("refuses malformed values: another version, a short tag, missing parts", () => {
    const [, iv, tag, ct] = sealSecret(newTotpSecret()).split(".");
    const shortTag = Buffer.from(tag, "base64url").subarray(0, 8).toString("base64url");
    for (const bad of [`v2.${iv}.${tag}.${ct}`, `v1.${iv}.${shortTag}.${ct}`, `v1.${iv}.${tag}`, `v1.${iv}.${tag}.${ct}.x`, `v1.${iv}.${tag}.${ct}=`, ""]) {
      expect(() => openSecret(bad), bad).toThrow();
    }
  });
});

describe("recovery codes", () => {
  it("makes 10 distinct codes of 10 unambiguous characters, shown as xxxxx-xxxxx", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
      expect(code).not.toMatch(/[01oil]/i);
    }
  });

  it("does not repeat codes across sets and uses the whole alphabet", () => {
    const all = Array.from({ length: 50 }, () => newRecoveryCodes()).flat();
    expect(new Set(all).size).toBe(all.length);
    const chars = new Set(all.join("").replace(/-/g, ""));
    expect([...chars].sort().join("")).toBe("23456789abcdefghjkmnpqrstuvwxyz");
  });

  it("normalises case, spaces and hyphens", () => {
    expect(normaliseCode(" AbCdE-fGhJk ")).toBe("abcdefghjk");
    expect(normaliseCode("abcde fghjk")).toBe("abcdefghjk");
    expect(normaliseCode("ab cd\te–fg hjk")).toBe("abcdefghjk");
  });

  it("hashes the normalised code: same hash however it is typed, different for another code", () => {
    const [code, other] = newRecoveryCodes();
    const h = hashRecoveryCode(code);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code.toUpperCase())).toBe(h);
    expect(hashRecoveryCode(code.replace("-", " "))).toBe(h);
    expect(hashRecoveryCode(` ${code.replace("-", "")} `)).toBe(h);
    expect(hashRecoveryCode(other)).not.toBe(h);
    expect(h).not.toContain(normaliseCode(code));
  });
});
