// One fixed format (UTC) so server and browser render the same text and staff in different time
// zones read the same times.
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return `${dateTime.format(new Date(value))} UTC`;
}

export const roleLabel: Record<string, string> = { AGENT: "Agent", SUPERVISOR: "Supervisor", AUDITOR: "Auditor", ADMIN: "Administrator" };
