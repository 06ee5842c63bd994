// One fixed format (UTC) so server and browser render the same text and staff in different time
// zones read the same times.
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return `${dateTime.format(new Date(value))} UTC`;
}

const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A day, in UTC ("8 Dec 2026"). */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return dateOnly.format(new Date(value));
}

export const roleLabel: Record<string, string> = { AGENT: "Agent", SUPERVISOR: "Supervisor", AUDITOR: "Auditor", ADMIN: "Administrator" };
