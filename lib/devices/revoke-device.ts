import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput, parseRecordId, staffIdOf } from "../intake/staff/shared";
import { applyRevocation } from "./apply-revocation";
import { assertCaseUnchanged, findCaseFor, requireCaseAssignee } from "./case-link";
import { readDevice, type DeviceView } from "./device-row";
import { appendAll } from "./events";
import { REVOKE_REASONS } from "./reason-codes";
import { noteRequired, ZCaseRef, ZNote } from "./reasons";
import { assertRevocable } from "./rules";

export const ZRevokeDeviceInput = z
  .strictObject({
    deviceId: z.string().max(64),
    reasonCode: z.enum(REVOKE_REASONS, "Choose a reason."),
    note: ZNote,
    caseRef: ZCaseRef,
  })
  .superRefine(noteRequired);
/** What callers send (forms, JSON); the schema above decides what is valid. */
export type TRevokeDeviceInput = { deviceId: string; reasonCode: string; note?: string; caseRef?: string };

export interface RevokeDeviceResult {
  device: DeviceView;
  caseRef: string | null;
  webhookEventId: string;
}

/**
 * Revokes one device (PENDING, AUTHORIZED or EXPIRED): the identity service is told at once and
 * pending authorisation requests for it are withdrawn. Needs device.revoke with step-up; with a
 * case, the case rules of authorising apply (this account, assignee or supervisor override).
 */
export async function revokeDevice(actor: Actor, input: TRevokeDeviceInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<RevokeDeviceResult> {
  const { request } = opts;
  const { actor: staff } = await requireStaff(actor, "device.revoke", { request });
  const { deviceId, reasonCode, note, caseRef } = parseInput(ZRevokeDeviceInput, input);
  const id = parseRecordId(deviceId, "device");
  const now = opts.now ?? new Date();

  const before = await readDevice(db, id);
  assertRevocable(before);
  const linkedCase = caseRef ? await findCaseFor(db, caseRef, before, "revoke") : null;
  if (linkedCase) await requireCaseAssignee(staff, linkedCase, request);

  return db.$transaction(async (tx) => {
    const device = await readDevice(tx, id, { lock: true });
    if (linkedCase) await assertCaseUnchanged(tx, linkedCase);
    const applied = await applyRevocation(tx, { device, staff, reasonCode, note, linkedCase, scope: "one", request, now });
    if (linkedCase && note) {
      // The case timeline keeps the why; the audit entry keeps codes only.
      const { id: noteId } = await tx.caseNote.create({ data: { caseId: linkedCase.id, authorId: staffIdOf(staff), body: `Device revoked (${reasonCode}): ${note}` }, select: { id: true } });
      await tx.caseEvent.create({ data: { caseId: linkedCase.id, type: "NOTE_ADDED", actorId: staffIdOf(staff), data: { noteId, deviceId: device.id, reasonCode } } });
    }
    await appendAll(tx, applied.audits);
    return { device: applied.device, caseRef: linkedCase?.ref ?? null, webhookEventId: applied.webhookEventId };
  });
}
