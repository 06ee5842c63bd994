import { describe, expect, it } from "vitest";
import { findCaseRefs, formatCaseRef, parseCaseRef } from "@/lib/cases/case-ref";

describe("case references", () => {
  it("formats with at least six digits and grows beyond", () => {
    expect(formatCaseRef(123)).toBe("GH-000123");
    expect(formatCaseRef(1234567)).toBe("GH-1234567");
    expect(() => formatCaseRef(0)).toThrow(RangeError);
  });
  it("parses what agents type, and nothing else", () => {
    for (const t of ["GH-000123", "gh-123", "GH123", " #GH-123 "]) expect(parseCaseRef(t)).toBe(123);
    for (const t of ["GH-", "123", "GH-12a", "XGH-123", "GH-0"]) expect(parseCaseRef(t)).toBeNull();
  });
  it("finds references in an email subject for threading", () => {
    expect(findCaseRefs("Re: Your ID photos [GH-000123] (see also gh42, GH-000123)")).toEqual([123, 42]);
    expect(findCaseRefs("AGH-12 and GH-12x are not references")).toEqual([]);
  });
});
