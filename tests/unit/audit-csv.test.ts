import { describe, expect, it } from "vitest";
import { csvCell, csvLine, neutraliseFormula, parseCsv, restoreFormula } from "@/lib/audit/export/csv";
import { EXPORT_COLUMNS, formatCsvHeader, formatCsvRow, formatJsonlRow } from "@/lib/audit/export/format";
import type { AuditExportRow } from "@/lib/audit/export/rows";

describe("csvCell (RFC 4180)", () => {
  it("leaves plain text alone and writes null as an empty cell", () => {
    expect(csvCell("case.decided")).toBe("case.decided");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell("")).toBe("");
  });

  it("quotes cells holding quotes, commas, CR or LF, doubling the quotes", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
    expect(csvCell('{"deleted":1,"x":"y"}')).toBe('"{""deleted"":1,""x"":""y""}"');
  });

  it("passes unicode through unchanged", () => {
    expect(csvCell("Zoë Ångström — 東京 ✓ 🙂")).toBe("Zoë Ångström — 東京 ✓ 🙂");
    expect(csvCell("Zoë, 東京")).toBe('"Zoë, 東京"');
  });
});

describe("formula neutralising (OWASP CSV injection)", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+44 20 7946 0000", "'+44 20 7946 0000"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=cmd", "'\t=cmd"],
    ["\r=cmd", "'\r=cmd"],
    ["'already", "''already"],
  ])("%j → %j", (value, neutralised) => {
    expect(neutraliseFormula(value)).toBe(neutralised);
    expect(restoreFormula(neutraliseFormula(value))).toBe(value);
  });

  it("neutralises before quoting, so a quoted formula cannot slip through", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell("\r\n=1")).toBe(`"'\r\n=1"`);
  });

  it("leaves formula characters later in the text alone", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("user@example.com")).toBe("user@example.com");
    expect(csvCell("2001:db8::1")).toBe("2001:db8::1");
  });
});

describe("csvLine and parseCsv", () => {
  it("round-trips awkward records", () => {
    const records = [
      ["plain", 'with "quotes"', "with, comma", "multi\nline", "=formula", "", "東京"],
      ["-1", "@x", "+y", "crlf\r\ninside", "'quote", "tab\tmiddle", "end"],
    ];
    const text = records.map((r) => csvLine(r)).join("");
    expect(text.endsWith("\r\n")).toBe(true);
    const parsed = parseCsv(text).map((r) => r.map(restoreFormula));
    expect(parsed).toEqual(records);
  });
});

describe("audit rows", () => {
  const row: AuditExportRow = {
    seq: "7",
    occurredAt: "2026-12-01T09:30:00.123Z",
    actorType: "STAFF",
    actorId: "0193a4f0-0000-7000-8000-000000000001",
    actorRole: "AGENT",
    actorName: "=Mallory, the agent",
    action: "case.note_added",
    outcome: "SUCCESS",
    targetType: "ReviewCase",
    targetId: null,
    caseId: null,
    caseRef: "GH-000123",
    accountId: null,
    accountUid: null,
    ip: "::1",
    userAgent: 'Mozilla "x"',
    requestId: "-req",
    data: '{"ref": "GH-000123", "noteId": "n\\n1"}',
    prevHash: "0".repeat(64),
    hash: "f".repeat(64),
  };

  it("CSV: header and row have the same columns; values come back after parsing", () => {
    const [header, values] = parseCsv(formatCsvHeader() + formatCsvRow(row));
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const back = Object.fromEntries(header.map((k, i) => [k, restoreFormula(values[i])]));
    expect(back).toMatchObject({ seq: "7", actorName: "=Mallory, the agent", requestId: "-req", userAgent: 'Mozilla "x"', targetId: "", caseRef: "GH-000123" });
    expect(JSON.parse(back.data)).toEqual({ ref: "GH-000123", noteId: "n\n1" });
    expect(values[EXPORT_COLUMNS.indexOf("actorName")]).toBe("'=Mallory, the agent");
  });

  it("JSON Lines: one line, keys in column order, data as an object, no neutralising", () => {
    const line = formatJsonlRow(row);
    expect(line.endsWith("}\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const obj = JSON.parse(line);
    expect(Object.keys(obj)).toEqual([...EXPORT_COLUMNS]);
    expect(obj).toMatchObject({ actorName: "=Mallory, the agent", targetId: null, data: { ref: "GH-000123", noteId: "n\n1" } });
  });
});
