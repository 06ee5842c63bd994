import type { BadgeTone } from "@/components/ui/badge";
import type { AuditEntryRow } from "@/lib/audit/search";

// How audit entries read in the console: outcome badges, who acted, and the before/after summary
// pulled out of each entry's typed data (statusBefore/statusAfter, before/after, …).

export const outcomeText: Record<string, { label: string; tone: BadgeTone }> = {
  SUCCESS: { label: "Success", tone: "emerald" },
  DENIED: { label: "Denied", tone: "red" },
  FAILURE: { label: "Failed", tone: "amber" },
};

export const actorTypeText: Record<string, string> = { STAFF: "Staff", API_TOKEN: "API token", SYSTEM: "System", PROVIDER: "Provider", ANONYMOUS: "Anonymous" };

/** "2026-12-07 18:34:37.123 UTC": the entry's exact time, the same on server and browser. */
export function formatAuditTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

export function actorLabel(a: AuditEntryRow["actor"]): string {
  if (a.name) return a.type === "API_TOKEN" ? `${a.name} (API token)` : a.name;
  if (a.type === "ANONYMOUS") return "Anonymous";
  return a.id ?? actorTypeText[a.type] ?? a.type;
}

export interface Change {
  field: string;
  before: string;
  after: string;
}

const show = (v: unknown): string => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/** Before/after pairs in an entry's data: `xBefore`/`xAfter`, or `before`/`after`. */
export function changesOf(data: unknown): { changes: Change[]; rest: [string, string][] } {
  if (!data || typeof data !== "object" || Array.isArray(data)) return { changes: [], rest: [] };
  const obj = data as Record<string, unknown>;
  const changes: Change[] = [];
  const used = new Set<string>();
  for (const key of Object.keys(obj)) {
    const m = /^(.*?)(Before|before)$/.exec(key);
    if (!m) continue;
    const afterKey = m[1] ? `${m[1]}After` : "after";
    if (!(afterKey in obj)) continue;
    changes.push({ field: m[1] || "value", before: show(obj[key]), after: show(obj[afterKey]) });
    used.add(key).add(afterKey);
  }
  const rest = Object.keys(obj)
    .filter((k) => !used.has(k))
    .map((k): [string, string] => [k, show(obj[k])]);
  return { changes, rest };
}

export const shortHash = (h: string): string => `${h.slice(0, 10)}…`;
