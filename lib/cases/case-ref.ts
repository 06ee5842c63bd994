// Case references as agents and customers see them: ReviewCase.number as "GH-000123".
// At least six digits, more once numbers outgrow them (GH-1234567). Pure functions.

export const CASE_REF_PREFIX = "GH";
const MIN_DIGITS = 6;
/** ReviewCase.number is a Postgres INTEGER (SERIAL). */
const MAX_CASE_NUMBER = 2_147_483_647;

export function formatCaseRef(caseNumber: number): string {
  if (!Number.isSafeInteger(caseNumber) || caseNumber < 1 || caseNumber > MAX_CASE_NUMBER) {
    throw new RangeError(`Not a case number: ${caseNumber}`);
  }
  return `${CASE_REF_PREFIX}-${String(caseNumber).padStart(MIN_DIGITS, "0")}`;
}

// "GH-000123", "gh-123", "GH123", "gh 000123", "#GH-123", surrounding whitespace.
const REF_PATTERN = /^#?GH[-\s]?(\d{1,12})$/i;

/** The case number in a reference, or null when the text is not a case reference. */
export function parseCaseRef(text: string): number | null {
  const match = REF_PATTERN.exec(text.trim());
  if (!match) return null;
  const n = Number(match[1]);
  return n >= 1 && n <= MAX_CASE_NUMBER ? n : null;
}

const REF_IN_TEXT = /(?<![A-Za-z0-9])GH-?(\d{1,12})(?![A-Za-z0-9])/gi;

/**
 * The case numbers referenced anywhere in free text such as an email subject
 * ("Re: We received your ID photos [GH-000123]"), in order of appearance, without duplicates.
 * Only the compact forms count here ("GH-123", "GH123"); a bare "GH 123" in prose is too loose.
 */
export function findCaseRefs(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(REF_IN_TEXT)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= MAX_CASE_NUMBER && !found.includes(n)) found.push(n);
  }
  return found;
}

/** True when the text is a case reference (for search boxes that accept refs and other terms). */
export function isCaseRef(text: string): boolean {
  return parseCaseRef(text) !== null;
}
