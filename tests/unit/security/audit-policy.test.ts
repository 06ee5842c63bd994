// The dependency-audit policy (scripts/security/audit-policy.ts) on npm audit output: a report in
// npm's v2 format (tests/fixtures/security/npm-audit-report.json, written to that schema) and the
// real answer of this machine's air-gapped mirror (npm-audit-405.json, captured).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { advisoriesOf, evaluateAudit } from "@/scripts/security/audit-policy";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../../fixtures/security", name), "utf8");
const report = fixture("npm-audit-report.json");
const NOW = new Date("2026-12-07T12:00:00Z");
const entry = (id: string, pkg: string, expires = "2027-01-31") => ({ id, package: pkg, reason: "not reachable: we never call the vulnerable function", expires });

describe("dependency audit policy", () => {
  it("reads every advisory, once, from the vulnerabilities' via lists", () => {
    const all = advisoriesOf(JSON.parse(report));
    expect(all.map((a) => [a.package, a.severity, a.ghsa])).toEqual([
      ["example-parser", "critical", "GHSA-abcd-1234-wxyz"],
      ["example-regex", "high", "GHSA-qrst-5678-mnop"],
      ["example-cookie", "moderate", "GHSA-efgh-9999-ijkl"],
    ]);
  });

  it("fails on high and critical advisories that are not allowed; moderate ones never fail", () => {
    const outcome = evaluateAudit(report, { entries: [] }, NOW);
    expect(outcome.kind).toBe("report");
    if (outcome.kind !== "report") return;
    expect(outcome.blocking.map((a) => a.package)).toEqual(["example-parser", "example-regex"]);
    expect(outcome.allowed).toEqual([]);
  });

  it("an allow-list entry (by GHSA id or npm source id) clears its advisory, for its package only", () => {
    const outcome = evaluateAudit(report, { entries: [entry("GHSA-abcd-1234-wxyz", "example-parser"), entry("1105678", "example-regex"), entry("GHSA-qrst-5678-mnop", "other-package")] }, NOW);
    if (outcome.kind !== "report") throw new Error(outcome.kind);
    expect(outcome.blocking).toEqual([]);
    expect(outcome.allowed.map((a) => a.package)).toEqual(["example-parser", "example-regex"]);
    const wrongPackage = evaluateAudit(report, { entries: [entry("GHSA-abcd-1234-wxyz", "example-mailer")] }, NOW);
    if (wrongPackage.kind !== "report") throw new Error(wrongPackage.kind);
    expect(wrongPackage.blocking.map((a) => a.package)).toContain("example-parser");
  });

  it("an expired entry no longer applies and is itself reported; it still holds on its last day", () => {
    const list = { entries: [entry("GHSA-abcd-1234-wxyz", "example-parser", "2026-12-06"), entry("GHSA-qrst-5678-mnop", "example-regex", "2026-12-07")] };
    const outcome = evaluateAudit(report, list, NOW);
    if (outcome.kind !== "report") throw new Error(outcome.kind);
    expect(outcome.blocking.map((a) => a.package)).toEqual(["example-parser"]);
    expect(outcome.expired.map((e) => e.package)).toEqual(["example-parser"]);
    expect(outcome.allowed.map((a) => a.package)).toEqual(["example-regex"]);
  });

  it("entries without an id, package, reason or a YYYY-MM-DD expiry are invalid (and allow nothing)", () => {
    const outcome = evaluateAudit(report, { entries: [{ id: "GHSA-abcd-1234-wxyz", package: "example-parser", expires: "2027-01-31" }, { ...entry("1105678", "example-regex"), expires: "next year" }] }, NOW);
    if (outcome.kind !== "report") throw new Error(outcome.kind);
    expect(outcome.invalid).toEqual(["entry 0: missing reason", "entry 1: expires must be YYYY-MM-DD"]);
    expect(outcome.blocking).toHaveLength(2);
    expect(evaluateAudit(report, { entries: "none" }, NOW)).toMatchObject({ invalid: ['the allow-list must have an "entries" array'] });
  });

  it("a clean report passes", () => {
    const clean = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: {} });
    expect(evaluateAudit(clean, { entries: [] }, NOW)).toEqual({ kind: "report", blocking: [], allowed: [], expired: [], invalid: [] });
  });

  it("the air-gapped mirror's 405 is 'unreachable'; other npm failures are errors", () => {
    expect(evaluateAudit(fixture("npm-audit-405.json"), { entries: [] }, NOW)).toMatchObject({ kind: "unreachable", detail: expect.stringContaining("405") });
    expect(evaluateAudit(JSON.stringify({ error: { code: "ENOTFOUND", summary: "request to https://registry.npmjs.org failed" } }), { entries: [] }, NOW).kind).toBe("unreachable");
    expect(evaluateAudit(JSON.stringify({ error: { code: "ENOLOCK", summary: "This command requires an existing lockfile." } }), { entries: [] }, NOW)).toEqual({ kind: "error", detail: "This command requires an existing lockfile." });
    expect(evaluateAudit("npm ERR! something", { entries: [] }, NOW).kind).toBe("error");
  });
});
