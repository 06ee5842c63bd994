import { Prisma, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import type { DeviceActionReason, DeviceStatus, KycStatus } from "../generated/prisma/enums";

// The device as the actions see it: its own state plus the account facts the rules need. Read once
// before the permission checks (unlocked) and again inside the transaction, locked, because it may
// have changed in between.

export interface DeviceRow {
  id: string;
  accountId: string;
  externalId: string;
  status: DeviceStatus;
  firstSeenAt: Date;
  lastLoginAt: Date | null;
  authorizedAt: Date | null;
  revokedAt: Date | null;
  decidedById: string | null;
  decisionReason: DeviceActionReason | null;
  decisionCaseId: string | null;
  accountUid: string;
  kycStatus: KycStatus;
  /** Set when the account's ID fingerprint is held by another account: a supervisor override is needed. */
  idConflictAccountId: string | null;
  securityItems: string[];
}

/** What a use case returns about a device after acting on it. */
export type DeviceView = Pick<DeviceRow, "id" | "accountId" | "accountUid" | "externalId" | "status" | "authorizedAt" | "revokedAt" | "decidedById" | "decisionReason" | "decisionCaseId">;

export const deviceView = (d: DeviceRow): DeviceView => ({
  id: d.id,
  accountId: d.accountId,
  accountUid: d.accountUid,
  externalId: d.externalId,
  status: d.status,
  authorizedAt: d.authorizedAt,
  revokedAt: d.revokedAt,
  decidedById: d.decidedById,
  decisionReason: d.decisionReason,
  decisionCaseId: d.decisionCaseId,
});

const columns = Prisma.sql`
  d.id::text AS id, d."accountId"::text AS "accountId", d."externalId", d.status::text AS status, d."firstSeenAt",
  d."lastLoginAt", d."authorizedAt", d."revokedAt", d."decidedById"::text AS "decidedById",
  d."decisionReason"::text AS "decisionReason", d."decisionCaseId"::text AS "decisionCaseId",
  a.uid AS "accountUid", a."kycStatus"::text AS "kycStatus", a."idConflictAccountId"::text AS "idConflictAccountId",
  a."securityItems"`;

/** Reads one device (NOT_FOUND when missing). With `lock`, the device row stays locked until the transaction ends. */
export async function readDevice(client: Db | Tx, id: string, opts: { lock?: boolean } = {}): Promise<DeviceRow> {
  const rows = await client.$queryRaw<DeviceRow[]>`
    SELECT ${columns} FROM "Device" d JOIN "Account" a ON a.id = d."accountId"
    WHERE d.id = ${id}::uuid ${opts.lock ? Prisma.sql`FOR UPDATE OF d` : Prisma.empty}`;
  if (!rows[0]) throw new AppError("NOT_FOUND", "No device with this id.");
  return rows[0];
}

/** Every device of an account, locked in one statement in id order (a stable order: no deadlocks between two such calls). */
export async function lockAccountDevices(tx: Tx, accountId: string): Promise<DeviceRow[]> {
  return tx.$queryRaw<DeviceRow[]>`
    SELECT ${columns} FROM "Device" d JOIN "Account" a ON a.id = d."accountId"
    WHERE d."accountId" = ${accountId}::uuid ORDER BY d.id FOR UPDATE OF d`;
}

/**
 * The account facts a permission check relied on (the ID conflict) must still hold inside the
 * transaction; otherwise the caller decided on a stale picture (CONFLICT: reload and try again).
 * The device's status is checked again by each action's own rule.
 */
export function assertUnchanged(before: DeviceRow, now: DeviceRow): void {
  if (before.idConflictAccountId !== now.idConflictAccountId || before.accountId !== now.accountId) {
    throw new AppError("CONFLICT", "The account of this device changed while you were acting on it. Reload the page and try again.");
  }
}
