import { config } from "../config";

// The 30-day rule: an authorised device with no login for DEVICE_EXPIRY_DAYS is no longer
// authorised. The clock starts at the later of the last login and the (re)authorisation — a device
// authorised again after expiring gets its full period — or, with neither, at first sight.
// expire-idle-devices.ts applies the same rule in SQL.

const DAY_MS = 86_400_000;

export interface ExpiryClock {
  status: string;
  lastLoginAt: Date | null;
  authorizedAt: Date | null;
  firstSeenAt: Date;
}

/** When the device's idle period started. */
export function expiryBase(d: Pick<ExpiryClock, "lastLoginAt" | "authorizedAt" | "firstSeenAt">): Date {
  const times = [d.lastLoginAt, d.authorizedAt].filter((t): t is Date => t !== null).map((t) => t.getTime());
  return new Date(times.length ? Math.max(...times) : d.firstSeenAt.getTime());
}

/** When an AUTHORIZED device expires; null for any other status. */
export function expiresAt(d: ExpiryClock, days = config.DEVICE_EXPIRY_DAYS): Date | null {
  return d.status === "AUTHORIZED" ? new Date(expiryBase(d).getTime() + days * DAY_MS) : null;
}

/**
 * Whole days left before an AUTHORIZED device expires (0 on its last day or when overdue — the
 * hourly job will mark it); null for devices that are not authorised. For the UI countdown.
 */
export function daysUntilExpiry(d: ExpiryClock, now: Date = new Date(), days = config.DEVICE_EXPIRY_DAYS): number | null {
  const at = expiresAt(d, days);
  if (!at) return null;
  return Math.max(0, Math.floor((at.getTime() - now.getTime()) / DAY_MS));
}
