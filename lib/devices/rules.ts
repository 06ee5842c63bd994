import type { StaffActor } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { AppError, isAppError } from "../errors";
import type { DeviceStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import type { DeviceRow } from "./device-row";

// The device rules every entry point (console, API, case workspace, approvals) goes through.

const AUTHORIZABLE: readonly DeviceStatus[] = ["PENDING", "REVOKED", "EXPIRED"];
const REVOCABLE: readonly DeviceStatus[] = ["PENDING", "AUTHORIZED", "EXPIRED"];

export function assertAuthorizable(device: DeviceRow): void {
  if (!AUTHORIZABLE.includes(device.status)) throw new AppError("CONFLICT", "This device is already authorised.", { status: device.status });
}

export function assertRevocable(device: DeviceRow): void {
  if (!REVOCABLE.includes(device.status)) throw new AppError("CONFLICT", "This device is already revoked.", { status: device.status });
}

/**
 * Security items an identity-unverified account must still pass (empty for verified accounts).
 * Decision: they do not block a staff authorisation. Gatehouse never sees those checks (they run in
 * the identity service), so blocking here would block for ever; instead every result, the UI and
 * the device.authorized event list them, and the identity service keeps asking for them at the
 * customer's next login on the device. A staff decision replaces the failed face or old-device
 * step, never the security items.
 */
export function securityItemsToPass(device: DeviceRow): string[] {
  return device.kycStatus === "VERIFIED" ? [] : device.securityItems;
}

/**
 * One ID, one account: when the account's ID document is bound to another account, only a
 * supervisor may authorise its devices (device.override_block, audited as override: true).
 * Returns whether the override applies; refuses anyone else with a message that names the rule.
 */
export async function requireBlockOverride(staff: StaffActor, device: DeviceRow, request?: RequestContext): Promise<boolean> {
  if (!device.idConflictAccountId) return false;
  try {
    await requireStaff(staff, "device.override_block", { request });
    return true;
  } catch (err) {
    if (isAppError(err) && err.code === "FORBIDDEN") {
      throw new AppError(
        "FORBIDDEN",
        "This account's ID document is already bound to another account (one ID, one account). Only a supervisor can authorise its devices, as an audited override.",
        { rule: "ID_BOUND_TO_OTHER_ACCOUNT" },
      );
    }
    throw err;
  }
}
