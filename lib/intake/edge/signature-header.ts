// The `t=<unix seconds>,v1=<hex MAC>[,v1=…]` signature header shared by the raw-MIME relay
// (providers/mime.ts) and the identity service's events (lib/identity/signature.ts). Several v1
// values may be sent (secret rotation); unknown keys are ignored.

/** The timestamp and every v1 candidate, or null when the header does not follow the grammar. */
export function parseSignatureHeader(header: string): { t: string; v1: string[] } | null {
  let t: string | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") t = value;
    else if (key === "v1") v1.push(value);
  }
  return t && v1.length > 0 ? { t, v1 } : null;
}
