import { formatCaseRef } from "../../cases/case-ref";
import type { Tx } from "../../db";
import type { CasePriority, RiskFlag } from "../../generated/prisma/enums";

/** Used when SlaPolicy has no row for a priority (the seed writes these same values). */
export const DEFAULT_SLA_MINUTES: Record<CasePriority, number> = { URGENT: 60, HIGH: 240, NORMAL: 480, LOW: 1440 };

export async function slaMinutes(tx: Tx, priority: CasePriority): Promise<number> {
  const row = await tx.slaPolicy.findUnique({ where: { priority }, select: { dueMinutes: true } });
  return row?.dueMinutes ?? DEFAULT_SLA_MINUTES[priority];
}

/** A case with risk flags goes ahead of a clean one. */
export function priorityFor(flags: readonly RiskFlag[]): CasePriority {
  return flags.length > 0 ? "HIGH" : "NORMAL";
}

const RANK: CasePriority[] = ["LOW", "NORMAL", "HIGH", "URGENT"];
export function maxPriority(a: CasePriority, b: CasePriority): CasePriority {
  return RANK.indexOf(a) >= RANK.indexOf(b) ? a : b;
}

/**
 * The device whose login the case reviews: the account's pending device (newest), else the device
 * of its most recent failed face check (liveness or mismatch), else none (the agent picks one).
 */
export async function deviceUnderReview(tx: Tx, accountId: string): Promise<{ id: string; model: string | null } | null> {
  const pending = await tx.device.findFirst({
    where: { accountId, status: "PENDING" },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    select: { id: true, model: true },
  });
  if (pending) return pending;
  const failed = await tx.loginEvent.findFirst({
    where: { accountId, outcome: "FAILURE", failureReason: { in: ["LIVENESS_FAILED", "FACE_MISMATCH"] }, deviceId: { not: null } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    select: { device: { select: { id: true, model: true } } },
  });
  return failed?.device ?? null;
}

export interface OpenedCase {
  id: string;
  number: number;
  ref: string;
  deviceId: string | null;
  deviceName: string | null;
  priority: CasePriority;
  slaMinutes: number;
}

/** Opens a review case for an account from an inbound email (the caller writes events and audit). */
export async function openCase(
  tx: Tx,
  input: { accountId: string; flags: RiskFlag[]; receivedAt: Date; now: Date },
): Promise<OpenedCase> {
  const device = await deviceUnderReview(tx, input.accountId);
  const priority = priorityFor(input.flags);
  const minutes = await slaMinutes(tx, priority);
  const row = await tx.reviewCase.create({
    data: {
      accountId: input.accountId,
      deviceId: device?.id ?? null,
      priority,
      riskFlags: input.flags,
      slaDueAt: new Date(input.now.getTime() + minutes * 60_000),
      lastCustomerMsgAt: input.receivedAt,
    },
    select: { id: true, number: true },
  });
  return {
    id: row.id,
    number: row.number,
    ref: formatCaseRef(row.number),
    deviceId: device?.id ?? null,
    deviceName: device?.model ?? null,
    priority,
    slaMinutes: minutes,
  };
}
