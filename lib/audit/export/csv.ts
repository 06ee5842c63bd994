// RFC 4180 CSV cells and lines, with spreadsheet formula injection neutralised (OWASP "CSV
// Injection"). Pure functions: the streamed export and the background export job share them.

/**
 * Characters that make a spreadsheet treat a cell as a formula (= + - @), or that some
 * spreadsheets strip before looking for one (tab, carriage return). A leading apostrophe is in the
 * set too, so the neutralising prefix can always be undone: a cell that starts with `'` had one
 * added (Excel and LibreOffice hide one leading apostrophe and show the rest as text).
 */
const FORMULA_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;
const NEEDS_ANY = /^[=+\-@\t\r']|[",\r\n]/;

/** The value with a leading `'` when a spreadsheet could read it as a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes neutraliseFormula (for readers of an export that want the stored value back). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/**
 * One CSV field: null and undefined are empty; the text is neutralised, then quoted when it holds
 * a quote, comma, CR or LF (quotes doubled). Unicode passes through unchanged (the file is UTF-8).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const raw = String(value);
  // One test for the common case (nothing to do); exports run this for every free-text cell.
  if (!NEEDS_ANY.test(raw)) return raw;
  const text = neutraliseFormula(raw);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) line += (i ? "," : "") + csvCell(values[i]);
  return line + "\r\n";
}

/**
 * Parses RFC 4180 text back into records (cells as written, still neutralised). For tests and
 * tooling that read exports; not used on the request path.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    record.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endCell();
      records.push(record);
      record = [];
      i++;
    } else cell += ch;
  }
  if (cell !== "" || record.length) {
    endCell();
    records.push(record);
  }
  return records;
}
