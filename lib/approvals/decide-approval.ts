import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { applyAuthorization } from "../devices/apply-authorization";
import { assertUnchanged, deviceView, readDevice, type DeviceView } from "../devices/device-row";
import { appendAll, type PendingAudit } from "../devices/events";
import { ZNote } from "../devices/reasons";
import { requireBlockOverride } from "../devices/rules";
import { AppError } from "../errors";
import type { ApprovalStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { parseInput, parseRecordId, staffIdOf } from "../intake/staff/shared";

export const ZDecideApprovalInput = z.strictObject({
  approvalId: z.string().max(64),
  decision: z.enum(["APPROVE", "DECLINE"], "Approve or decline."),
  note: ZNote,
});
/** What callers send (forms, JSON); the schema above decides what is valid. */
export type TDecideApprovalInput = { approvalId: string; decision: string; note?: string };

type Outcome = Exclude<ApprovalStatus, "PENDING">;

export interface DecideApprovalResult {
  approvalId: string;
  status: "APPROVED" | "DECLINED";
  device: DeviceView;
  /** The account's ID is bound to another account and the approver overrode that block. */
  override: boolean;
  securityItems: string[];
  /** device.authorized, when approved. */
  webhookEventId: string | null;
}

/**
 * The second pair of eyes on a device authorisation requested outside a review case. Only a
 * supervisor who is not the requester may decide (four-eyes, enforced by lib/auth); approving
 * authorises the device (step-up, and the ID-block override when the account needs one),
 * declining leaves it as it is. A request the device's state has made moot (authorised meanwhile
 * by the identity service) is withdrawn, and the caller gets CONFLICT saying so.
 */
export async function decideApproval(actor: Actor, input: TDecideApprovalInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<DecideApprovalResult> {
  const { request } = opts;
  await requireStaff(actor, "case.approve_second", { request });
  const { approvalId, decision, note } = parseInput(ZDecideApprovalInput, input);
  const id = parseRecordId(approvalId, "approval request");
  const now = opts.now ?? new Date();

  const approval = await db.approvalRequest.findUnique({ where: { id }, select: { kind: true, status: true, deviceId: true, requestedById: true, reasonCode: true, note: true } });
  if (!approval) throw new AppError("NOT_FOUND", "No approval request with this id.");
  if (approval.kind !== "DEVICE_AUTHORIZATION" || !approval.deviceId) throw new AppError("UNPROCESSABLE", "This request is decided in the case workspace.", { kind: approval.kind });
  if (approval.status !== "PENDING") throw new AppError("CONFLICT", `This request was already ${approval.status.toLowerCase()}.`, { status: approval.status });
  const { actor: staff } = await requireStaff(actor, "case.approve_second", { resource: { type: "approval", id, requestedById: approval.requestedById }, request });
  const deviceId = approval.deviceId;
  const before = await readDevice(db, deviceId);
  let blockOverride = false;
  if (decision === "APPROVE") {
    await requireStaff(staff, "device.authorize", { request });
    blockOverride = await requireBlockOverride(staff, before, request);
  }

  const decided = (status: Outcome): PendingAudit => ({
    action: "approval.decided",
    actor: staff,
    target: { type: "ApprovalRequest", id },
    accountId: before.accountId,
    request,
    data: { approvalId: id, kind: approval.kind, decision: status, requestedById: approval.requestedById },
  });

  const result = await db.$transaction(async (tx) => {
    // Device first, then the request: the order every device action locks in.
    const device = await readDevice(tx, deviceId, { lock: true });
    assertUnchanged(before, device);
    const [locked] = await tx.$queryRaw<{ status: ApprovalStatus }[]>`SELECT status::text AS status FROM "ApprovalRequest" WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked?.status !== "PENDING") throw new AppError("CONFLICT", `This request was already ${String(locked?.status ?? "removed").toLowerCase()}.`, { status: locked?.status });

    const status: Outcome = decision === "DECLINE" ? "DECLINED" : device.status === "AUTHORIZED" ? "CANCELLED" : "APPROVED";
    await tx.approvalRequest.update({ where: { id }, data: { status, decidedById: status === "CANCELLED" ? null : staffIdOf(staff), decidedAt: now, decisionNote: note ?? null } });
    if (status !== "APPROVED") {
      await appendAll(tx, [decided(status)]);
      return { status, device: deviceView(device), webhookEventId: null, securityItems: [] as string[] };
    }
    const applied = await applyAuthorization(tx, {
      device,
      staff,
      reasonCode: approval.reasonCode ?? "OTHER",
      // The requester's note is the why of the authorisation; the approver's stays on the request.
      note: approval.note ?? undefined,
      linkedCase: null,
      approvalId: id,
      override: { block: blockOverride, case: false },
      request,
      now,
    });
    await appendAll(tx, [decided(status), ...applied.audits]);
    return { status, device: applied.device, webhookEventId: applied.webhookEventId, securityItems: applied.securityItems };
  });
  if (result.status === "CANCELLED") throw new AppError("CONFLICT", "The device was authorised in the meantime; this request is withdrawn.", { status: "CANCELLED" });
  return { approvalId: id, status: result.status === "APPROVED" ? "APPROVED" : "DECLINED", device: result.device, override: blockOverride, securityItems: result.securityItems, webhookEventId: result.webhookEventId };
}
