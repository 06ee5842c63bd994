// When a failed delivery is tried again. Exponential from 30 seconds, doubling, capped at 3 hours,
// for WEBHOOK_MAX_RETRY_HOURS counted from the event (the delivery row's createdAt — the first
// attempt follows it within the relay's poll interval): 30 s, 1, 2, 4, 8, 16, 32, 64, 128 min
// (4 h 15 min in all), then every 3 h, and a last attempt exactly at the end of the window —
// about 16 attempts over 24 hours. After that the delivery is FAILED.

const BASE_MS = 30_000;
const CAP_MS = 3 * 3600_000;

/** The wait after the `attempts`-th failed attempt (1-based). */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 30)), CAP_MS);
}

export function retryWindowEnd(createdAt: Date, maxRetryHours: number): Date {
  return new Date(createdAt.getTime() + maxRetryHours * 3600_000);
}

/** The next attempt after `attempts` failures at `now`, or null when the window is over (give up). */
export function nextAttemptAt(now: Date, attempts: number, createdAt: Date, maxRetryHours: number): Date | null {
  const end = retryWindowEnd(createdAt, maxRetryHours).getTime();
  if (now.getTime() >= end) return null;
  return new Date(Math.min(now.getTime() + retryDelayMs(attempts), end));
}
