import { describe, expect, it } from "vitest";
import { idFingerprint } from "@/lib/accounts/fingerprint";

const key = "test-key-0123456789";

describe("idFingerprint", () => {
  it("is the same for the same document however the number is written", () => {
    const a = idFingerprint({ docType: "ID_CARD", country: "DE", number: "L01X00T47" }, key);
    expect(idFingerprint({ docType: "id_card", country: "de", number: "l01x 00t-47" }, key)).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
  it("differs for another number, country, type or key, and reveals nothing without the key", () => {
    const a = idFingerprint({ docType: "ID_CARD", country: "DE", number: "L01X00T47" }, key);
    expect(idFingerprint({ docType: "ID_CARD", country: "DE", number: "L01X00T48" }, key)).not.toBe(a);
    expect(idFingerprint({ docType: "ID_CARD", country: "AT", number: "L01X00T47" }, key)).not.toBe(a);
    expect(idFingerprint({ docType: "PASSPORT", country: "DE", number: "L01X00T47" }, key)).not.toBe(a);
    expect(idFingerprint({ docType: "ID_CARD", country: "DE", number: "L01X00T47" }, "another-key-000000")).not.toBe(a);
    expect(a).not.toContain("L01X00T47");
  });
  it("refuses an empty part", () => {
    expect(() => idFingerprint({ docType: "ID_CARD", country: "DE", number: " - " }, key)).toThrow(RangeError);
  });
});
