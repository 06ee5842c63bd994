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
import { assertAuthorizable, securityItemsToPass } from "./rules";

export interface ApplyAuthorizationArgs {
  /** Read with `lock: true` in this transaction; the caller has made every permission check. */
  device: DeviceRow;
  staff: StaffActor;
  reasonCode: DeviceActionReason;
  linkedCase: LinkedCase | null;
  /** The four-eyes request this authorisation carries out. */
  approvalId: string | null;
  /** Supervisor overrides that applied: the ID block, someone else's case. */
  override: { block: boolean; case: boolean };
  note?: string;
  request?: RequestContext;
  now: Date;
}

export interface AppliedAuthorization {
  device: DeviceView;
  webhookEventId: string;
  securityItems: string[];
  /** The caller appends these last (audit chain lock). */
  audits: PendingAudit[];
}

/**
 * The change itself, shared by a direct authorisation (through a case), an approved four-eyes
 * request, and the case workspace's approval: the device becomes AUTHORIZED (manually, by whom,
 * why, through which case), requests the decision made moot are withdrawn, the case timeline
 * shows it, and device.authorized goes to the identity service — all in the caller's transaction.
 */
export async function applyAuthorization(tx: Tx, args: ApplyAuthorizationArgs): Promise<AppliedAuthorization> {
  const { device, staff, now, linkedCase } = args;
  assertAuthorizable(device);
  const updated: DeviceRow = {
    ...device,
    status: "AUTHORIZED",
    authorizedAt: now,
    revokedAt: null,
    decidedById: staffIdOf(staff),
    decisionReason: args.reasonCode,
    decisionCaseId: linkedCase?.id ?? null,
  };
  await tx.device.update({
    where: { id: device.id },
    data: {
      status: "AUTHORIZED",
      authMethod: "MANUAL",
      authorizedAt: now,
      revokedAt: null,
      expiredAt: null,
      decidedById: updated.decidedById,
      decisionReason: args.reasonCode,
      decisionCaseId: updated.decisionCaseId,
      decisionNote: args.note ?? null,
    },
  });
  const audits = await cancelPendingApprovals(tx, device, { actor: staff, request: args.request, now, except: args.approvalId ?? undefined });
  if (linkedCase) {
    await tx.caseEvent.create({
      data: {
        caseId: linkedCase.id,
        type: "DEVICE_AUTHORIZED",
        actorId: staffIdOf(staff),
        data: { deviceId: device.id, reasonCode: args.reasonCode, note: args.note ?? null, approvalId: args.approvalId, blockOverride: args.override.block, caseOverride: args.override.case },
      },
    });
  }
  const securityItems = securityItemsToPass(device);
  const event = await emitWebhookEvent(tx, {
    type: "device.authorized",
    occurredAt: now,
    data: deviceEventData(device, {
      status: "AUTHORIZED",
      reasonCode: args.reasonCode,
      authorizedAt: now.toISOString(),
      caseRef: linkedCase?.ref ?? null,
      approvalId: args.approvalId,
      securityItemsRequired: securityItems,
    }),
  });
  audits.push({
    action: "device.authorized",
    actor: staff,
    target: { type: "Device", id: device.id },
    accountId: device.accountId,
    caseId: linkedCase?.id,
    request: args.request,
    data: {
      deviceId: device.id,
      accountId: device.accountId,
      reasonCode: args.reasonCode,
      caseId: linkedCase?.id ?? null,
      approvalId: args.approvalId,
      override: args.override.block || args.override.case,
      statusBefore: device.status,
    },
  });
  return { device: deviceView(updated), webhookEventId: event.eventId, securityItems, audits };
}
