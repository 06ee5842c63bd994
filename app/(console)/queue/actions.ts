"use server";

import { runAction } from "@/lib/auth/current";
import { assignCases } from "@/lib/cases/assign";
import { setAvailability } from "@/lib/cases/availability";
import { claimCase, claimNext } from "@/lib/cases/claim";

// Queue actions from the console. Every export is callable from the internet: each hands its
// argument to a use case, which checks the permission first (requireStaff), then validates the
// input and the cases' state itself — the same functions serve /api/v1/cases and /api/v1/me/availability.

export async function claimNextAction() {
  return runAction(({ actor, request }) => claimNext(actor, { request }));
}

export async function claimCaseAction(input: { ref: string; version?: number }) {
  return runAction(({ actor, request }) => claimCase(actor, input, { request }));
}

export async function assignCasesAction(input: { refs: string[]; assigneeId: string | null; version?: number }) {
  return runAction(({ actor, request }) => assignCases(actor, input, { request }));
}

/** "Give me cases automatically" on or off (the caller's own setting). */
export async function setAvailabilityAction(input: { autoAssign: boolean }) {
  return runAction(({ actor, request }) => setAvailability(actor, input, { request }));
}
