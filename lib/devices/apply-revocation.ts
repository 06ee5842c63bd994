import { cancelPendingApprovals } from "../approvals/device-approvals";
import type { StaffActor } from "../auth/authorize";
import type { Tx } from "../db";
import type { DeviceActionReason } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { staffIdOf } from "../intake/staff/shared";
import { emitWebhookEvent } from "../webhooks/emit";
import type { LinkedCase } from "./case-link";
import { deviceView, type DeviceRow, type DeviceView } from "./device-row";
import { deviceEventData, type PendingAudit } from "./events";
import { assertRevocable } from "./rules";

export interface ApplyRevocationArgs {
  /** Read with a lock in this transaction; the caller has made every permission check. */
  device: DeviceRow;
  staff: StaffActor;
  reasonCode: DeviceActionReason;
  note?: string | null;
  linkedCase: LinkedCase | null;
  scope: "one" | "all_others";
  request?: RequestContext;
  now: Date;
}

/**
 * Revokes one device in the caller's transaction: status REVOKED (when, by whom, why), pending
 * authorisation requests for it withdrawn, device.revoked to the identity service. Returns the
 * audit entries for the caller to append last.
 */
export async function applyRevocation(tx: Tx, args: ApplyRevocationArgs): Promise<{ device: DeviceView; webhookEventId: string; audits: PendingAudit[] }> {
  const { device, staff, now, linkedCase } = args;
  assertRevocable(device);
  const updated: DeviceRow = { ...device, status: "REVOKED", revokedAt: now, decidedById: staffIdOf(staff), decisionReason: args.reasonCode, decisionCaseId: linkedCase?.id ?? null };
  await tx.device.update({
    where: { id: device.id },
    data: { status: "REVOKED", revokedAt: now, decidedById: updated.decidedById, decisionReason: args.reasonCode, decisionCaseId: updated.decisionCaseId, decisionNote: args.note ?? null },
  });
  const audits = await cancelPendingApprovals(tx, device, { actor: staff, request: args.request, now });
  const event = await emitWebhookEvent(tx, {
    type: "device.revoked",
    occurredAt: now,
    data: deviceEventData(device, { status: "REVOKED", reasonCode: args.reasonCode, revokedAt: now.toISOString(), scope: args.scope, caseRef: linkedCase?.ref ?? null }),
  });
  audits.push({
    action: "device.revoked",
    actor: staff,
    target: { type: "Device", id: device.id },
    accountId: device.accountId,
    caseId: linkedCase?.id,
    request: args.request,
    data: { deviceId: device.id, accountId: device.accountId, reasonCode: args.reasonCode, caseId: linkedCase?.id ?? null, statusBefore: device.status, scope: args.scope },
  });
  return { device: deviceView(updated), webhookEventId: event.eventId, audits };
}
