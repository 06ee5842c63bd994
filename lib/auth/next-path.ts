/** A same-site path to go to after sign-in, or null: never another host (no open redirect). */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/sign-in") || next.startsWith("/api/")) return null;
  return next.length <= 2048 ? next : null;
}
