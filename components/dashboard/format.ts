// Words, colours and number formats for the dashboard (server and client render the same text).

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** "2026-03-08" → "8 Mar". */
export const formatDay = (date: string): string => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** Seconds as the two largest units: "45s", "12m", "3h 20m", "2d 4h"; "—" for none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** An axis tick: one unit, whole numbers ("0", "45m", "6h", "3d"). */
export function formatDurationTick(seconds: number): string {
  if (seconds <= 0) return "0";
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

export const formatCount = (n: number): string => n.toLocaleString("en-GB");

// Hex values of the Tailwind palette the console uses (SVG fill/stroke attributes, not classes).
export const COLORS = {
  brand: "#3f5eef",
  brandLight: "#93aefa",
  emerald: "#059669",
  emeraldLight: "#6ee7b7",
  amber: "#d97706",
  red: "#dc2626",
  slate: "#64748b",
  slateLight: "#cbd5e1",
  violet: "#7c3aed",
  grid: "#e2e8f0",
  axis: "#475569",
} as const;

/** Distinct series colours for staff members in the decisions chart (the last is "Others"). */
export const SERIES = ["#3f5eef", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#94a3b8"] as const;

export const decisionKindText: Record<string, string> = {
  APPROVED: "Approved",
  REJECTED: "Rejected",
  RESUBMISSION_REQUESTED: "New photos asked",
  ESCALATED: "Escalated",
  SECOND_APPROVAL_REQUESTED: "Second approval asked",
};

export const inboundOutcomeText: Record<string, string> = { matched: "Matched", unmatched: "Unmatched", rejected: "Rejected", failed: "Failed", pending: "Pending" };
