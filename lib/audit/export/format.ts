import { csvCell, csvLine } from "./csv";
import type { AuditExportRow, ExportValues } from "./rows";

// An audit entry as one CSV record or one JSON Lines line. The same columns in the same order in
// both formats; every column of the entry is there (with prevHash and hash), so a reader can
// recompute the chain from the file alone, plus the names people look for (actor name, case
// reference, account uid).

export const EXPORT_COLUMNS = [
  "seq",
  "occurredAt",
  "actorType",
  "actorId",
  "actorRole",
  "actorName",
  "action",
  "outcome",
  "targetType",
  "targetId",
  "caseId",
  "caseRef",
  "accountId",
  "accountUid",
  "ip",
  "userAgent",
  "requestId",
  "data",
  "prevHash",
  "hash",
] as const satisfies readonly (keyof AuditExportRow)[];

export type ExportFormat = "CSV" | "JSONL";

/** The CSV header record (CRLF-terminated). */
export function formatCsvHeader(): string {
  return csvLine(EXPORT_COLUMNS);
}

/**
 * Columns whose database type rules out anything to quote or neutralise (integers, to_char
 * timestamps, enums, uuids): written as they are. Every free-text column, `action` and the hashes
 * included (a tampered row could hold anything), goes through the escaping.
 */
const TYPED = new Set<string>(["seq", "occurredAt", "actorType", "actorRole", "outcome", "caseId", "caseRef", "accountId"]);
const TYPED_AT = EXPORT_COLUMNS.map((k) => TYPED.has(k));

/** One entry's values (EXPORT_COLUMNS order) as a CSV record: RFC 4180 quoting, formulas neutralised, null as an empty cell, CRLF. */
export function formatCsvValues(v: ExportValues): string {
  // A loop over the columns, not csvLine: this runs once per exported entry.
  let line = v[0] ?? "";
  for (let i = 1; i < v.length; i++) {
    const x = v[i];
    line += "," + (x === null ? "" : TYPED_AT[i] ? x : csvCell(x));
  }
  return line + "\r\n";
}

const JSON_KEYS = EXPORT_COLUMNS.map((k, i) => `${i ? "," : ""}${JSON.stringify(k)}:`);
const DATA_AT = EXPORT_COLUMNS.indexOf("data");

/**
 * One entry's values as a JSON object on one line (LF-terminated). `seq` is a string (it is a
 * 64-bit integer); `data` is the entry's JSON object itself, spliced in as the database rendered it.
 */
export function formatJsonlValues(v: ExportValues): string {
  let line = "{";
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    line += JSON_KEYS[i] + (x === null ? "null" : i === DATA_AT ? x : TYPED_AT[i] ? `"${x}"` : JSON.stringify(x));
  }
  return line + "}\n";
}

const valuesOf = (row: AuditExportRow): ExportValues => EXPORT_COLUMNS.map((k) => row[k]);

/** One entry as a CSV record (CRLF-terminated): RFC 4180 quoting, formulas neutralised, null as an empty cell. */
export function formatCsvRow(row: AuditExportRow): string {
  return formatCsvValues(valuesOf(row));
}

/** One entry as a JSON object on one line (LF-terminated); `data` as an object. */
export function formatJsonlRow(row: AuditExportRow): string {
  return formatJsonlValues(valuesOf(row));
}

/** A whole page in one string (one chunk on the wire). */
export function formatPage(format: ExportFormat, rows: readonly AuditExportRow[]): string {
  let out = "";
  if (format === "CSV") for (const r of rows) out += formatCsvRow(r);
  else for (const r of rows) out += formatJsonlRow(r);
  return out;
}

/**
 * A page of value rows (exportValuePages) as strings of about `maxChars` characters each. Smaller
 * than a page on purpose: a string of a megabyte or more lands in V8's large-object space, and one
 * per page makes every page cost a full garbage collection (measured: a third of the export's CPU).
 */
export function formatValueChunks(format: ExportFormat, rows: readonly ExportValues[], maxChars = 32_768): string[] {
  const line = format === "CSV" ? formatCsvValues : formatJsonlValues;
  const chunks: string[] = [];
  let text = "";
  for (const row of rows) {
    text += line(row);
    if (text.length >= maxChars) {
      chunks.push(text);
      text = "";
    }
  }
  if (text) chunks.push(text);
  return chunks;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  CSV: "text/csv; charset=utf-8; header=present",
  JSONL: "application/x-ndjson; charset=utf-8",
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { CSV: "csv", JSONL: "jsonl" };
