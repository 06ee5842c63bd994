import { describe, expect, it } from "vitest";
import { compareNames, nameTokens } from "@/lib/cases/name-match";

describe("nameTokens", () => {
  it("folds case, accents (NFKD), letters NFKD keeps whole, and punctuation", () => {
    expect(nameTokens("  José  GARCÍA-López ")).toEqual(["jose", "garcia", "lopez"]);
    expect(nameTokens("O'Brien, Siobhán")).toEqual(["o", "brien", "siobhan"]);
    expect(nameTokens("Jürgen Groß")).toEqual(["jurgen", "gross"]);
    expect(nameTokens("Søren Łukasz Ærø")).toEqual(["soren", "lukasz", "aero"]);
    // Compatibility forms: full-width letters and ligatures.
    expect(nameTokens("Ａｌｅｘ ﬁnn")).toEqual(["alex", "finn"]);
    expect(nameTokens("—")).toEqual([]);
  });
});

describe("compareNames", () => {
  it.each([
    ["Alex Example", "Alex Example", "same"],
    ["Alex Example", "alex example", "same"],
    ["José García", "Jose Garcia", "same"],
    ["José García-López", "JOSE GARCIA LOPEZ", "same"],
    ["Alex Example", "Example Alex", "same_reordered"],
    ["Alex Example", "EXAMPLE, Alex", "same_reordered"],
  ])("%s / %s: match (%s)", (kyc, other, detail) => {
    expect(compareNames(kyc, other)).toEqual({ verdict: "match", detail });
  });

  it.each([
    ["Alex James Example", "Alex Example", "names_missing"],
    ["Alex Example", "Alex James Example", "names_missing"],
    ["Alex Example", "Alex", "names_missing"],
    ["Alex James Example", "A. J. Example", "initials"],
    ["Alex Example", "Example A.", "initials"],
  ])("%s / %s: partial (%s)", (kyc, other, detail) => {
    expect(compareNames(kyc, other)).toEqual({ verdict: "partial", detail });
  });

  it.each([
    ["Alex Example", "Sam Example"],
    ["Alex Example", "Alex Sample"],
    ["Alex Example", "B. Example"],
    ["Alex Example", "Alexandra Example"],
  ])("%s / %s: differs", (kyc, other) => {
    expect(compareNames(kyc, other)).toEqual({ verdict: "differs", detail: "different" });
  });

  it("an initial uses up one name only", () => {
    expect(compareNames("Alex Example", "A. A. Example").verdict).toBe("differs");
  });

  it("is not comparable without both names, with an address for a name, or across scripts", () => {
    expect(compareNames(null, "Alex Example")).toEqual({ verdict: "not_comparable", detail: "no_kyc_name" });
    expect(compareNames("  ", "Alex Example")).toEqual({ verdict: "not_comparable", detail: "no_kyc_name" });
    expect(compareNames("Alex Example", null)).toEqual({ verdict: "not_comparable", detail: "no_other_name" });
    expect(compareNames("Alex Example", "alex@mail.example.com")).toEqual({ verdict: "not_comparable", detail: "no_other_name" });
    expect(compareNames("Alex Example", "...")).toEqual({ verdict: "not_comparable", detail: "no_other_name" });
    expect(compareNames("Алексей Иванов", "Aleksei Ivanov")).toEqual({ verdict: "not_comparable", detail: "different_scripts" });
  });

  it("compares names in other scripts by the same rules", () => {
    expect(compareNames("Алексей Иванов", "иванов алексей")).toEqual({ verdict: "match", detail: "same_reordered" });
    expect(compareNames("山田 太郎", "山田 太郎")).toEqual({ verdict: "match", detail: "same" });
  });
});
