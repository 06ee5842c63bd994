import type { Prisma } from "../generated/prisma/client";
import { summarySelect, toSummary, type StaffSummary } from "./shared";

/** A member's state as an administrator sees it at a glance: in the staff list and on their page. */
export interface StaffRow extends StaffSummary {
  mfaEnrolled: boolean;
  /** Only while the lock is in force. */
  lockedUntil: Date | null;
  failedSignIns: number;
  lastActiveAt: Date | null;
  createdAt: Date;
}

export const staffRowSelect = {
  ...summarySelect,
  mfaEnrolledAt: true,
  lockedUntil: true,
  failedSignIns: true,
  lastActiveAt: true,
  createdAt: true,
} as const satisfies Prisma.StaffUserSelect;

type StaffRowRecord = Prisma.StaffUserGetPayload<{ select: typeof staffRowSelect }>;

/** Maps a row loaded with staffRowSelect; a lock that has run out by `now` shows as none. */
export function toStaffRow(r: StaffRowRecord, now: Date): StaffRow {
  return {
    ...toSummary(r),
    mfaEnrolled: r.mfaEnrolledAt !== null,
    lockedUntil: r.lockedUntil && r.lockedUntil > now ? r.lockedUntil : null,
    failedSignIns: r.failedSignIns,
    lastActiveAt: r.lastActiveAt,
    createdAt: r.createdAt,
  };
}
