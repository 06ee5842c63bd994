import { formatCaseRef } from "../cases/case-ref";
import type { AuthMethod, DeviceActionReason, DevicePlatform, DeviceStatus } from "../generated/prisma/enums";
import { daysUntilExpiry, expiresAt, type ExpiryClock } from "../devices/expiry";

// A device as the account page and GET /api/v1/accounts/{uid} show it. Pure mapping: no queries.

export interface DeviceExpiry {
  /** When the device stops being authorised without a new login (last login + DEVICE_EXPIRY_DAYS). */
  expiresAt: Date;
  /** Whole days left (rounded down: 0 on the last day); 0 once due (the expiry job marks it EXPIRED on its next run). */
  daysLeft: number;
  /** Due but not yet marked EXPIRED by the job. */
  overdue: boolean;
}

type StaffRef = { id: string; name: string };

export interface DeviceView {
  id: string;
  /** The identity service's device id. */
  externalId: string;
  platform: DevicePlatform;
  model: string | null;
  appVersion: string | null;
  status: DeviceStatus;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastLoginAt: Date | null;
  /** How the device was authorised (face, old device, security items, or by staff). */
  authMethod: AuthMethod | null;
  authorizedAt: Date | null;
  revokedAt: Date | null;
  expiredAt: Date | null;
  /**
   * The staff member behind the last manual authorise or revoke, with their reason and case; for an
   * authorisation approved through four-eyes, also who asked for it (`by` approved it).
   */
  decision: { by: StaffRef | null; requestedBy: StaffRef | null; reason: DeviceActionReason | null; caseId: string | null; caseRef: string | null } | null;
  /** Only for AUTHORIZED devices. */
  expiry: DeviceExpiry | null;
}

export const deviceSelect = {
  id: true,
  externalId: true,
  platform: true,
  model: true,
  appVersion: true,
  status: true,
  firstSeenAt: true,
  lastSeenAt: true,
  lastLoginAt: true,
  authMethod: true,
  authorizedAt: true,
  revokedAt: true,
  expiredAt: true,
  decisionReason: true,
  decisionCaseId: true,
  decidedBy: { select: { id: true, name: true } },
  // The last approved four-eyes request: its requester, when it is what authorised the device.
  approvals: {
    where: { kind: "DEVICE_AUTHORIZATION", status: "APPROVED" },
    orderBy: { decidedAt: "desc" },
    take: 1,
    select: { decidedAt: true, decidedById: true, requestedBy: { select: { id: true, name: true } } },
  },
} as const;

type DeviceRow = Omit<DeviceView, "decision" | "expiry"> & {
  decisionReason: DeviceActionReason | null;
  decisionCaseId: string | null;
  decidedBy: StaffRef | null;
  approvals: { decidedAt: Date | null; decidedById: string | null; requestedBy: StaffRef }[];
};

/**
 * Who asked for the device's current manual authorisation: the approved request decided by the
 * same supervisor at the same instant (decideApproval writes both in one transaction with one clock).
 */
function requesterOf(row: DeviceRow): StaffRef | null {
  const a = row.approvals[0];
  if (!a || row.authMethod !== "MANUAL" || !row.decidedBy || !row.authorizedAt) return null;
  return a.decidedById === row.decidedBy.id && a.decidedAt?.getTime() === row.authorizedAt.getTime() ? a.requestedBy : null;
}

/** The countdown to the 30-day expiry, by the devices' own rule (lib/devices/expiry.ts, which the expiry job applies). */
export function deviceExpiry(d: ExpiryClock, expiryDays: number, now: Date): DeviceExpiry | null {
  const at = expiresAt(d, expiryDays);
  if (!at) return null;
  return { expiresAt: at, daysLeft: daysUntilExpiry(d, now, expiryDays) ?? 0, overdue: at.getTime() <= now.getTime() };
}

export function toDeviceView(row: DeviceRow, caseNumbers: Map<string, number>, expiryDays: number, now: Date): DeviceView {
  const { decisionReason, decisionCaseId, decidedBy, approvals: _approvals, ...device } = row;
  const caseNumber = decisionCaseId ? caseNumbers.get(decisionCaseId) : undefined;
  const decision =
    decidedBy || decisionReason || decisionCaseId
      ? { by: decidedBy, requestedBy: requesterOf(row), reason: decisionReason, caseId: decisionCaseId, caseRef: caseNumber ? formatCaseRef(caseNumber) : null }
      : null;
  return { ...device, decision, expiry: deviceExpiry(row, expiryDays, now) };
}
