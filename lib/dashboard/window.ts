// The dashboard's time window: whole UTC days, the last one being today (so "14 days" = today and
// the 13 days before it). Pure helpers; the SQL groups with date_trunc('day', …) on columns that
// hold UTC, so its day keys and these agree.

const DAY_MS = 86_400_000;

export interface DayWindow {
  days: number;
  from: Date;
  to: Date;
  /** "YYYY-MM-DD" for each day, oldest first. */
  dates: string[];
}

export const dayKey = (d: Date): string => d.toISOString().slice(0, 10);

export function dayWindow(days: number, now: Date): DayWindow {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * DAY_MS);
  const dates = Array.from({ length: days }, (_, i) => dayKey(new Date(from.getTime() + i * DAY_MS)));
  return { days, from, to: new Date(today + DAY_MS), dates };
}

/** One row per day of the window, in order: the row found for that day or `empty(date)`. */
export function zeroFill<T extends { date: string }>(dates: readonly string[], rows: readonly T[], empty: (date: string) => T): T[] {
  const byDate = new Map(rows.map((r) => [r.date, r]));
  return dates.map((date) => byDate.get(date) ?? empty(date));
}
