import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput, parseRecordId } from "../intake/staff/shared";
import { applyRevocation } from "./apply-revocation";
import { deviceView, lockAccountDevices, readDevice, type DeviceView } from "./device-row";
import { appendAll, type PendingAudit } from "./events";
import { REVOKE_REASONS } from "./reason-codes";
import { noteRequired, ZNote } from "./reasons";

export const ZRevokeOtherDevicesInput = z
  .strictObject({
    /** The device to keep. */
    deviceId: z.string().max(64),
    reasonCode: z.enum(REVOKE_REASONS, "Choose a reason."),
    note: ZNote,
  })
  .superRefine(noteRequired);
/** What callers send (forms, JSON); the schema above decides what is valid. */
export type TRevokeOtherDevicesInput = { deviceId: string; reasonCode: string; note?: string };

export interface RevokeOtherDevicesResult {
  kept: DeviceView;
  /** The devices revoked now (empty when every other device was revoked already). */
  revoked: DeviceView[];
}

/**
 * Revokes every other device of the account that is not revoked yet (authorised, pending or
 * expired), keeping `deviceId` as it is — e.g. the customer lost a phone and signs in on the one
 * left. One transaction: each device gets its own audit entry and device.revoked event (scope
 * all_others). Needs device.revoke with step-up.
 */
export async function revokeOtherDevices(actor: Actor, input: TRevokeOtherDevicesInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<RevokeOtherDevicesResult> {
  const { request } = opts;
  const { actor: staff } = await requireStaff(actor, "device.revoke", { request });
  const { deviceId, reasonCode, note } = parseInput(ZRevokeOtherDevicesInput, input);
  const id = parseRecordId(deviceId, "device");
  const now = opts.now ?? new Date();
  const { accountId } = await readDevice(db, id);

  return db.$transaction(async (tx) => {
    // All of the account's devices in one locking statement, so two of these never deadlock.
    const devices = await lockAccountDevices(tx, accountId);
    const kept = devices.find((d) => d.id === id);
    if (!kept) throw new AppError("CONFLICT", "The device to keep no longer belongs to this account. Reload the page.");
    const revoked: DeviceView[] = [];
    const audits: PendingAudit[] = [];
    for (const device of devices) {
      if (device.id === id || device.status === "REVOKED") continue;
      const applied = await applyRevocation(tx, { device, staff, reasonCode, note, linkedCase: null, scope: "all_others", request, now });
      revoked.push(applied.device);
      audits.push(...applied.audits);
    }
    await appendAll(tx, audits);
    return { kept: deviceView(kept), revoked };
  });
}
