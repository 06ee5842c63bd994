import type { TAuditSearchInput } from "@/lib/audit/search";

// The audit page's state as it lives in the URL: parsed once by the page, rebuilt by every link
// (pager, row links, view switch, export) so a search can be shared, reloaded and walked with Back.

export interface AuditUrlState {
  actor: string;
  action: string;
  case: string;
  account: string;
  from: string;
  to: string;
  outcome: string;
  order: "asc" | "desc" | "";
  /** "table" forces the table when one case is chosen (which otherwise shows its timeline). */
  view: "table" | "";
  cursor: string;
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string => ((Array.isArray(v) ? v[0] : v) ?? "").trim().slice(0, 200);

export const FILTER_KEYS = ["actor", "action", "case", "account", "from", "to", "outcome"] as const;

export function auditUrlState(params: Params): AuditUrlState {
  const order = one(params.order);
  return {
    actor: one(params.actor),
    action: one(params.action),
    case: one(params.case),
    account: one(params.account),
    from: one(params.from),
    to: one(params.to),
    outcome: one(params.outcome),
    order: order === "asc" || order === "desc" ? order : "",
    view: one(params.view) === "table" ? "table" : "",
    cursor: one(params.cursor),
  };
}

/** One case and no table override: the page shows that case's entries oldest first, as a timeline. */
export function isTimeline(s: AuditUrlState): boolean {
  return !!s.case && !s.case.includes(",") && s.view !== "table";
}

export function hasFilters(s: AuditUrlState): boolean {
  return FILTER_KEYS.some((k) => !!s[k]);
}

/** A date-only "to" from the date picker means the whole of that day. */
function toParam(to: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) return to;
  const next = new Date(`${to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** What listAuditEntries (and the export) get: the URL's filters, the order (timelines run oldest first). */
export function auditQuery(s: AuditUrlState): TAuditSearchInput {
  const input: TAuditSearchInput = {};
  for (const k of FILTER_KEYS) if (s[k]) input[k] = s[k];
  if (s.to) input.to = toParam(s.to);
  input.order = s.order || (isTimeline(s) ? "asc" : "desc");
  if (s.cursor) input.cursor = s.cursor;
  return input;
}

/** /audit with the given state; empty values are left out so URLs stay short. */
export function auditHref(s: Partial<AuditUrlState>): string {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, "order", "view", "cursor"] as const) {
    const v = s[key];
    if (v) params.set(key, v);
  }
  const qs = params.toString();
  return qs ? `/audit?${qs}` : "/audit";
}

/** The export URL for the current filters (the console route; the API has the same parameters). */
export function exportQuery(s: AuditUrlState, format: "csv" | "jsonl"): string {
  const params = new URLSearchParams({ format });
  const q = auditQuery(s);
  for (const k of FILTER_KEYS) {
    const v = q[k];
    if (typeof v === "string" && v) params.set(k, v);
  }
  return params.toString();
}
