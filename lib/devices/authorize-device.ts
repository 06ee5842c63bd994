import { z } from "zod";
import { requestDeviceApproval } from "../approvals/device-approvals";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput, parseRecordId } from "../intake/staff/shared";
import { applyAuthorization } from "./apply-authorization";
import { assertCaseUnchanged, findCaseFor, requireCaseAssignee } from "./case-link";
import { assertUnchanged, deviceView, readDevice, type DeviceView } from "./device-row";
import { appendAll } from "./events";
import { AUTHORIZE_REASONS } from "./reason-codes";
import { noteRequired, ZCaseRef, ZNote } from "./reasons";
import { assertAuthorizable, requireBlockOverride, securityItemsToPass } from "./rules";

export const ZAuthorizeDeviceInput = z
  .strictObject({
    deviceId: z.string().max(64),
    reasonCode: z.enum(AUTHORIZE_REASONS, "Choose a reason."),
    note: ZNote,
    /** The review case this decision belongs to, e.g. "GH-000123". Without one, a second supervisor must approve. */
    caseRef: ZCaseRef,
  })
  .superRefine((v, ctx) => {
    noteRequired(v, ctx);
    if (v.reasonCode === "CASE_APPROVED" && !v.caseRef) ctx.addIssue({ code: "custom", path: ["caseRef"], message: "Name the approved case (GH-…) for this reason." });
  });
/** What callers send (forms, JSON); the schema above decides what is valid. */
export type TAuthorizeDeviceInput = { deviceId: string; reasonCode: string; note?: string; caseRef?: string };

export type AuthorizeDeviceResult =
  | {
      outcome: "authorized";
      device: DeviceView;
      caseRef: string;
      /** A supervisor override applied (ID bound to another account, or someone else's case). */
      override: boolean;
      /** Identity-unverified accounts: what the customer must still pass at the next login. */
      securityItems: string[];
      webhookEventId: string;
    }
  | { outcome: "pending_approval"; pendingApproval: string; device: DeviceView; securityItems: string[] };

/**
 * Authorises a PENDING, REVOKED or EXPIRED device. Through a review case (of this account, assigned
 * to the actor — supervisors override) the device is authorised at once. Without a case the
 * decision needs four eyes: an ApprovalRequest is recorded instead and a second supervisor carries
 * it out (lib/approvals/decide-approval.ts). An account whose ID document is bound to another
 * account needs device.override_block either way. Step-up is required (device.authorize).
 */
export async function authorizeDevice(actor: Actor, input: TAuthorizeDeviceInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<AuthorizeDeviceResult> {
  const { request } = opts;
  const { actor: staff } = await requireStaff(actor, "device.authorize", { request });
  const { deviceId, reasonCode, note, caseRef } = parseInput(ZAuthorizeDeviceInput, input);
  const id = parseRecordId(deviceId, "device");
  const now = opts.now ?? new Date();

  const before = await readDevice(db, id);
  assertAuthorizable(before);
  const linkedCase = caseRef ? await findCaseFor(db, caseRef, before, "authorize") : null;
  const caseOverride = linkedCase ? await requireCaseAssignee(staff, linkedCase, request) : false;
  const blockOverride = await requireBlockOverride(staff, before, request);

  return db.$transaction(async (tx): Promise<AuthorizeDeviceResult> => {
    const device = await readDevice(tx, id, { lock: true });
    assertUnchanged(before, device);
    assertAuthorizable(device);
    if (!linkedCase) {
      const { approvalId, audit } = await requestDeviceApproval(tx, { device, staff, reasonCode, note, request });
      await appendAll(tx, [audit]);
      return { outcome: "pending_approval", pendingApproval: approvalId, device: deviceView(device), securityItems: securityItemsToPass(device) };
    }
    await assertCaseUnchanged(tx, linkedCase);
    const applied = await applyAuthorization(tx, { device, staff, reasonCode, linkedCase, approvalId: null, override: { block: blockOverride, case: caseOverride }, note, request, now });
    await appendAll(tx, applied.audits);
    return {
      outcome: "authorized",
      device: applied.device,
      caseRef: linkedCase.ref,
      override: blockOverride || caseOverride,
      securityItems: applied.securityItems,
      webhookEventId: applied.webhookEventId,
    };
  });
}
