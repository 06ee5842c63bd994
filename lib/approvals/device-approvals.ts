import type { StaffActor } from "../auth/authorize";
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { DeviceActionReason } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { staffIdOf } from "../intake/staff/shared";
import type { DeviceRow } from "../devices/device-row";
import type { PendingAudit } from "../devices/events";

// Four-eyes for devices authorised outside a review case: the request (made by authorizeDevice)
// and the withdrawal of requests a later decision about the device made moot. Not use cases:
// they run inside the caller's transaction, on a device row the caller holds locked.

/** Records a DEVICE_AUTHORIZATION request; one pending request per device. */
export async function requestDeviceApproval(
  tx: Tx,
  args: { device: DeviceRow; staff: StaffActor; reasonCode: DeviceActionReason; note?: string; request?: RequestContext },
): Promise<{ approvalId: string; audit: PendingAudit }> {
  const { device, staff } = args;
  const pending = await tx.approvalRequest.findFirst({ where: { deviceId: device.id, kind: "DEVICE_AUTHORIZATION", status: "PENDING" }, select: { id: true } });
  if (pending) {
    throw new AppError("CONFLICT", "An authorisation of this device is already waiting for a supervisor's approval.", { pendingApproval: pending.id });
  }
  const row = await tx.approvalRequest.create({
    data: { kind: "DEVICE_AUTHORIZATION", deviceId: device.id, requestedById: staffIdOf(staff), reasonCode: args.reasonCode, note: args.note ?? null },
    select: { id: true },
  });
  return {
    approvalId: row.id,
    audit: {
      action: "approval.requested",
      actor: staff,
      target: { type: "ApprovalRequest", id: row.id },
      accountId: device.accountId,
      request: args.request,
      data: { approvalId: row.id, kind: "DEVICE_AUTHORIZATION", deviceId: device.id, caseId: null, reasonCode: args.reasonCode },
    },
  };
}

/**
 * Withdraws the device's pending authorisation requests (status CANCELLED) after someone decided
 * about the device another way: authorised through a case, revoked, or approved through `except`.
 */
export async function cancelPendingApprovals(
  tx: Tx,
  device: DeviceRow,
  opts: { actor: StaffActor; request?: RequestContext; now: Date; except?: string },
): Promise<PendingAudit[]> {
  const pending = await tx.approvalRequest.findMany({
    where: { deviceId: device.id, status: "PENDING", ...(opts.except ? { id: { not: opts.except } } : {}) },
    select: { id: true, kind: true, requestedById: true },
  });
  if (pending.length === 0) return [];
  await tx.approvalRequest.updateMany({ where: { id: { in: pending.map((p) => p.id) }, status: "PENDING" }, data: { status: "CANCELLED", decidedAt: opts.now } });
  return pending.map((p) => ({
    action: "approval.decided",
    actor: opts.actor,
    target: { type: "ApprovalRequest", id: p.id },
    accountId: device.accountId,
    request: opts.request,
    data: { approvalId: p.id, kind: p.kind, decision: "CANCELLED", requestedById: p.requestedById },
  }));
}
