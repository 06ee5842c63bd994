// Text that comes from outside (customer names, file names, staff notes) before it goes into an
// email. Headers must never receive CR/LF (header injection); bodies must not carry control or
// bidirectional-override characters (a file name "gpj.exe" shown reversed, hidden text).

// Cc: controls (CR, LF, NUL, …); Cf: format characters (bidi overrides, zero-width joiners); line/paragraph separators.
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** One line: every control or format character becomes a space, runs of spaces collapse. */
export function singleLine(value: string, max = 200): string {
  return value.replace(CONTROL, " ").replace(/\s+/g, " ").trim().slice(0, max).trim();
}

/** Several lines (a staff note): CR/LF normalised to \n, other controls removed, at most two blank lines. */
export function multiLine(value: string, max = 2000): string {
  return value
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(CONTROL, " ").replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .slice(0, max)
    .trim();
}

/**
 * A file name as the customer sent it, reduced to something safe to quote back: no path, no
 * characters that make mail clients draw a link (":", "/", "@"), no dots except the extension's,
 * at most 60 characters. Someone who forges a customer's address cannot make our reply carry a URL.
 */
export function displayFileName(name: string): string {
  const base = singleLine(name, 255).split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^\p{L}\p{N} _()\-]/gu, "_");
  const ext = dot > 0 ? base.slice(dot + 1).replace(/[^\p{L}\p{N}]/gu, "").slice(0, 8) : "";
  const short = stem.length > 50 ? `${stem.slice(0, 49)}…` : stem;
  return (ext ? `${short}.${ext}` : short) || "attachment";
}
