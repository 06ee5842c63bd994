// Which side of the ID a photo shows, guessed from its file name, then from order. Agents relabel
// whatever this gets wrong; a wrong guess costs a click, so it stays simple and predictable.

export type Side = "FRONT" | "BACK" | "UNKNOWN";

// Accent-free, lower case (names are folded the same way before matching).
const FRONT = ["front", "frente", "anverso", "recto", "vorderseite", "vorne", "avant", "fronte", "davanti", "delantera"];
const BACK = ["back", "reverso", "dorso", "verso", "ruckseite", "rueckseite", "hinten", "arriere", "retro", "trasera", "atras"];
// Words that may be glued in front of a side word ("idfront", "dniback").
const GLUE = ["id", "dni", "ine", "nie", "cni", "rg", "cc", "card", "doc", "ci", "cedula", "pass", "license", "licence"];
const GLUE_AFTER = ["side", "seite", "page", "pagina"];

function fold(name: string): string {
  const stem = name.replace(/\.[a-z0-9]{1,5}$/i, "");
  // camelCase boundaries → spaces, before lower-casing ("IDFront" → "ID Front").
  return stem
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

function tokenMatches(token: string, word: string): boolean {
  if (token === word) return true;
  for (const g of GLUE) if (token === g + word) return true;
  for (const g of GLUE_AFTER) if (token === word + g) return true;
  return false;
}

function sideFromWords(tokens: string[]): Side {
  const front = tokens.some((t) => FRONT.some((w) => tokenMatches(t, w)));
  const back = tokens.some((t) => BACK.some((w) => tokenMatches(t, w)));
  return front === back ? "UNKNOWN" : front ? "FRONT" : "BACK";
}

/** "dni 1.jpg", "id_2.png", "scan(1)": a lone 1 or 2 at the end, not a camera counter like IMG_4521. */
function trailingNumber(folded: string): 1 | 2 | null {
  const m = folded.match(/(?:^|[^0-9])([12])\)?\s*$/);
  return m ? (Number(m[1]) as 1 | 2) : null;
}

/**
 * One side per part, in order. File names first (English, Spanish, French, German, Italian words);
 * then a 1/2 suffix pair; then, when there are exactly two images, their order (front first) and
 * the complement of the one side we already know.
 */
export function guessSides(parts: { fileName: string | null }[]): Side[] {
  const folded = parts.map((p) => (p.fileName ? fold(p.fileName) : ""));
  const sides: Side[] = folded.map((f) => sideFromWords(f.split(/[^a-z0-9]+/).filter(Boolean)));

  const numbers = folded.map(trailingNumber);
  if (numbers.includes(1) && numbers.includes(2)) {
    numbers.forEach((n, i) => {
      if (sides[i] === "UNKNOWN" && n !== null) sides[i] = n === 1 ? "FRONT" : "BACK";
    });
  }

  if (parts.length === 2) {
    const [a, b] = sides;
    if (a === "UNKNOWN" && b === "UNKNOWN") return ["FRONT", "BACK"];
    if (a === "UNKNOWN") return [b === "FRONT" ? "BACK" : "FRONT", b];
    if (b === "UNKNOWN") return [a, a === "FRONT" ? "BACK" : "FRONT"];
  }
  return sides;
}
