"use server";

import { decideApproval, type TDecideApprovalInput } from "@/lib/approvals/decide-approval";
import { runAction } from "@/lib/auth/current";
import { authorizeDevice, type TAuthorizeDeviceInput } from "@/lib/devices/authorize-device";
import { revokeDevice, type TRevokeDeviceInput } from "@/lib/devices/revoke-device";
import { revokeOtherDevices, type TRevokeOtherDevicesInput } from "@/lib/devices/revoke-other-devices";

// Device decisions from the account page. Every export is callable from the internet: each hands
// its argument to a use case, which checks the permission (and step-up) first, then validates the
// input and the device's state itself — the same functions serve /api/v1.

export async function authorizeDeviceAction(input: TAuthorizeDeviceInput) {
  return runAction(({ actor, request }) => authorizeDevice(actor, input, { request }));
}

export async function revokeDeviceAction(input: TRevokeDeviceInput) {
  return runAction(({ actor, request }) => revokeDevice(actor, input, { request }));
}

export async function revokeOtherDevicesAction(input: TRevokeOtherDevicesInput) {
  return runAction(({ actor, request }) => revokeOtherDevices(actor, input, { request }));
}

export async function decideApprovalAction(input: TDecideApprovalInput) {
  return runAction(({ actor, request }) => decideApproval(actor, input, { request }));
}
