// A hint, not a verdict: compares the KYC real name with another name shown on the case (today the
// sender's display name; intake reads no name off the documents). Pure: no I/O.

export type NameMatchVerdict =
  /** Same names, in any order, ignoring case, accents and punctuation. */
  | "match"
  /** One name is the other with names left out or shortened to initials ("Alex Example" / "Alex J. Example"). */
  | "partial"
  | "differs"
  /** Nothing to compare: a name is missing, is an address, or the two are in different scripts. */
  | "not_comparable";

export type NameMatchDetail =
  | "same"
  | "same_reordered"
  | "names_missing"
  | "initials"
  | "different"
  | "no_kyc_name"
  | "no_other_name"
  | "different_scripts";

export interface NameMatch {
  verdict: NameMatchVerdict;
  detail: NameMatchDetail;
}

// Latin letters NFKD leaves whole.
const FOLD: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i", ħ: "h" };

/** Name tokens: NFKD without marks, lower case, punctuation (hyphens, apostrophes, dots, commas) as separators. */
export function nameTokens(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (c) => FOLD[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

const isLatin = (token: string) => /^[a-z0-9]+$/.test(token);

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((t, i) => t === y[i]);
}

/**
 * Every token of `short` is used up by a distinct token of `long`: equal, or an initial of it.
 * Returns whether an initial was needed, or null when `short` does not fit into `long`.
 */
function fitsInto(short: string[], long: string[]): { initials: boolean } | null {
  const left = [...long];
  let initials = false;
  // Whole names first, so "a" in ["alex", "a…"] does not take the wrong one.
  const pending: string[] = [];
  for (const t of short) {
    const i = left.indexOf(t);
    if (i >= 0) left.splice(i, 1);
    else pending.push(t);
  }
  for (const t of pending) {
    if (t.length !== 1) return null;
    const i = left.findIndex((l) => l.startsWith(t));
    if (i < 0) return null;
    left.splice(i, 1);
    initials = true;
  }
  return { initials };
}

/** A display name that is really an address, or holds one, names nobody. */
const looksLikeAddress = (s: string) => s.includes("@");

/** Compares the KYC name with another name; order of given names and surnames does not matter. */
export function compareNames(kycName: string | null | undefined, otherName: string | null | undefined): NameMatch {
  const kyc = kycName ? nameTokens(kycName) : [];
  if (kyc.length === 0) return { verdict: "not_comparable", detail: "no_kyc_name" };
  const other = otherName && !looksLikeAddress(otherName) ? nameTokens(otherName) : [];
  if (other.length === 0) return { verdict: "not_comparable", detail: "no_other_name" };
  if (kyc.every(isLatin) !== other.every(isLatin)) return { verdict: "not_comparable", detail: "different_scripts" };

  if (kyc.join(" ") === other.join(" ")) return { verdict: "match", detail: "same" };
  if (sameMultiset(kyc, other)) return { verdict: "match", detail: "same_reordered" };

  const [short, long] = kyc.length <= other.length ? [kyc, other] : [other, kyc];
  // Same length: the initials may be on either side.
  const fit = fitsInto(short, long) ?? (short.length === long.length ? fitsInto(long, short) : null);
  if (fit) return { verdict: "partial", detail: fit.initials ? "initials" : "names_missing" };
  return { verdict: "differs", detail: "different" };
}
