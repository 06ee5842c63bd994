// ICAO 9303 TD1 machine-readable zone (ID cards: 3 lines × 30 characters) for the specimen cards.

const WEIGHTS = [7, 3, 1];

function charValue(c: string): number {
  if (c === "<") return 0;
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  if (c >= "A" && c <= "Z") return c.charCodeAt(0) - 55;
  throw new RangeError(`Not an MRZ character: ${c}`);
}

export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field[i]) * WEIGHTS[i % 3];
  return String(sum % 10);
}

const SPECIAL: Record<string, string> = { ß: "SS", Æ: "AE", æ: "AE", Ø: "OE", ø: "OE", Ł: "L", ł: "L", ı: "I", Đ: "D", đ: "D", Œ: "OE", œ: "OE", Þ: "TH", þ: "TH" };

/** Upper-case A–Z with every other character as the filler "<" (ICAO transliteration, simplified). */
export function mrzText(s: string): string {
  const latin = [...s].map((c) => SPECIAL[c] ?? c).join("");
  return latin
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "<");
}

const pad = (s: string, n: number) => (s + "<".repeat(n)).slice(0, n);

/** "1987-03-12" → "870312" */
const yymmdd = (iso: string) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);

export interface MrzInput {
  issuer: string;
  documentNumber: string;
  birthDate: string;
  sex: "F" | "M" | "X";
  expiryDate: string;
  nationality: string;
  surname: string;
  givenNames: string;
}

export function td1(m: MrzInput): [string, string, string] {
  const docNo = pad(mrzText(m.documentNumber), 9);
  const line1 = pad(`I<${pad(m.issuer, 3)}${docNo}${checkDigit(docNo)}`, 30);
  const dob = yymmdd(m.birthDate);
  const exp = yymmdd(m.expiryDate);
  const sex = m.sex === "X" ? "<" : m.sex;
  const body2 = `${dob}${checkDigit(dob)}${sex}${exp}${checkDigit(exp)}${pad(m.nationality, 3)}${"<".repeat(11)}`;
  const composite = line1.slice(5, 30) + body2.slice(0, 7) + body2.slice(8, 15) + body2.slice(18, 29);
  const line2 = body2 + checkDigit(composite);
  const line3 = pad(`${mrzText(m.surname)}<<${mrzText(m.givenNames)}`, 30);
  return [line1, line2, line3];
}
