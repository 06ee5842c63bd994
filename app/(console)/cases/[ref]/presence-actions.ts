"use server";

import { runAction } from "@/lib/auth/current";
import { heartbeat, leave, type THeartbeatInput, type TLeaveInput } from "@/lib/cases/presence";

// Presence from the case page (components/cases/use-presence.ts). Every export is callable from
// the internet: each hands its argument to a use case, which checks queue.read first
// (requireStaff) and validates the input itself — the same functions serve
// /api/v1/cases/{ref}/presence. Taking a case over reuses the queue's assignCasesAction.

// Both are background calls: passive, so a case page left open still signs out when idle.
export async function heartbeatPresenceAction(input: THeartbeatInput) {
  return runAction(({ actor, request }) => heartbeat(actor, input, { request }), { passive: true });
}

export async function leavePresenceAction(input: TLeaveInput) {
  return runAction(({ actor, request }) => leave(actor, input, { request }), { passive: true });
}
