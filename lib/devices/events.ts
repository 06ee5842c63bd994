import { appendAudit, type AuditInput } from "../audit/append";
import type { AuditAction } from "../audit/actions";
import type { Tx } from "../db";
import type { DeviceRow } from "./device-row";

// What the identity service is told about a device: ids, codes and times only. It knows the
// device by its own id (externalId) and the account by its public uid.

export function deviceEventData(device: DeviceRow, extra: Record<string, unknown>): Record<string, unknown> {
  return { deviceId: device.id, deviceExternalId: device.externalId, accountUid: device.accountUid, ...extra };
}

/** Audit entries a use case collected; appended last, because the first one holds the chain lock until commit. */
export type PendingAudit = AuditInput<AuditAction>;

export async function appendAll(tx: Tx, audits: readonly PendingAudit[]): Promise<void> {
  for (const entry of audits) await appendAudit(tx, entry);
}
