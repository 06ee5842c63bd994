"use server";

import { z } from "zod";
import { runAction } from "@/lib/auth/current";
import { changeRole } from "@/lib/staff/change-role";
import { createStaff } from "@/lib/staff/create-staff";
import { disableStaff } from "@/lib/staff/disable-staff";
import { enableStaff } from "@/lib/staff/enable-staff";
import { resetMfa } from "@/lib/staff/reset-mfa";
import { revokeAllStaffSessions, revokeStaffSession } from "@/lib/staff/revoke-staff-session";
import { parseInput, ZStaffRole } from "@/lib/staff/shared";
import { unlockStaff } from "@/lib/staff/unlock-staff";

// Staff administration from the console. Every export is callable from the internet: each one
// parses its argument here and hands it to a use case, which checks staff.manage and step-up.

const ZId = z.string().max(64);
const ZTarget = z.strictObject({ staffId: ZId });
// Invite-only from the console: an administrator never learns a member's password.
const ZCreate = z.strictObject({ email: z.string().max(320), name: z.string().max(500), role: ZStaffRole });
const ZRole = z.strictObject({ staffId: ZId, role: ZStaffRole });
const ZSession = z.strictObject({ staffId: ZId, sessionId: ZId });

export async function createStaffAction(input: z.input<typeof ZCreate>) {
  return runAction(({ actor, request }) => createStaff(actor, parseInput(ZCreate, input), { request, via: "admin" }));
}

export async function changeRoleAction(input: z.input<typeof ZRole>) {
  return runAction(({ actor, request }) => changeRole(actor, parseInput(ZRole, input), { request }));
}

export async function disableStaffAction(input: z.input<typeof ZTarget>) {
  return runAction(({ actor, request }) => disableStaff(actor, parseInput(ZTarget, input), { request }));
}

export async function enableStaffAction(input: z.input<typeof ZTarget>) {
  return runAction(({ actor, request }) => enableStaff(actor, parseInput(ZTarget, input), { request }));
}

export async function resetMfaAction(input: z.input<typeof ZTarget>) {
  return runAction(({ actor, request }) => resetMfa(actor, parseInput(ZTarget, input), { request }));
}

export async function unlockStaffAction(input: z.input<typeof ZTarget>) {
  return runAction(({ actor, request }) => unlockStaff(actor, parseInput(ZTarget, input), { request }));
}

export async function revokeSessionAction(input: z.input<typeof ZSession>) {
  return runAction(({ actor, request }) => revokeStaffSession(actor, parseInput(ZSession, input), { request }));
}

export async function revokeAllSessionsAction(input: z.input<typeof ZTarget>) {
  return runAction(({ actor, request }) => revokeAllStaffSessions(actor, parseInput(ZTarget, input), { request }));
}
