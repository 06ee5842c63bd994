// CSV export escaping (lib/audit/export/csv.ts) against arbitrary text: an independent RFC 4180
// reader (below, not the module's own parseCsv) recovers every cell exactly, and no cell a
// spreadsheet reads can start a formula.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine, parseCsv, restoreFormula } from "@/lib/audit/export/csv";

const runs = { numRuns: 300, seed: 4180 };

/**
 * RFC 4180 as a spreadsheet applies it: records end with CRLF; a field is either bare (no quote,
 * comma, CR or LF) or quoted with "" for a quote. Strict: anything else is a syntax error.
 */
function readRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let cell = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error("unterminated quoted field");
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else cell += text[i++];
        }
      } else {
        while (i < text.length && !",\r\n\"".includes(text[i])) cell += text[i++];
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
      }
      record.push(cell);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text.startsWith("\r\n", i)) {
        i += 2;
        break;
      }
      throw new Error(`expected , or CRLF at ${i}`);
    }
    records.push(record);
  }
  return records;
}

/** Text that stresses the escaper: formula starters, quotes, separators and any other UTF-16. */
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "'", '"', ",", " ", "a", "1", "é", "東"), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);
const record = fc.array(tricky, { minLength: 1, maxLength: 8 });

const FORMULA = /^[=+\-@\t\r]/;

describe("CSV escaping (property)", () => {
  it("a strict RFC 4180 reader recovers every cell exactly (after the neutralising apostrophe)", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (records) => {
        const text = records.map(csvLine).join("");
        const read = readRfc4180(text);
        expect(read.map((r) => r.map(restoreFormula))).toEqual(records);
        // The module's own reader agrees with ours.
        expect(parseCsv(text)).toEqual(read);
      }),
      runs,
    );
  });

  it("no cell as read starts with = + - @ tab or CR", () => {
    fc.assert(
      fc.property(record, (values) => {
        for (const cell of readRfc4180(csvLine(values))) for (const c of cell) expect(c).not.toMatch(FORMULA);
      }),
      runs,
    );
  });

  it("a cell alone never spills into the next field or record", () => {
    fc.assert(
      fc.property(tricky, (value) => {
        const [cells, ...rest] = readRfc4180(`${csvCell(value)},x\r\n`);
        expect(rest).toEqual([]);
        expect(cells).toHaveLength(2);
        expect(restoreFormula(cells[0])).toBe(value);
        expect(cells[1]).toBe("x");
      }),
      runs,
    );
  });

  it("numbers, booleans and null round-trip as their text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.constant(null)), (v) => {
        const cell = readRfc4180(csvLine([v]))[0][0];
        expect(restoreFormula(cell)).toBe(v === null ? "" : String(v));
        expect(cell).not.toMatch(FORMULA);
      }),
      runs,
    );
  });
});
