import type { StaffRole } from "../generated/prisma/enums";

// Who performs an action. Every use case takes one; the audit trail records it.
export type Actor =
  // Signed in through the console. `steppedUpAt`: last password/TOTP confirmation in this session.
  | { type: "STAFF"; id: string; role: StaffRole; sessionId?: string; steppedUpAt?: Date | null }
  // Through a personal API token; `steppedUpAt` is set when the request carried the owner's TOTP.
  | { type: "API_TOKEN"; id: string; staffId: string; role: StaffRole; steppedUpAt?: Date | null }
  | { type: "SYSTEM"; id: string }
  | { type: "PROVIDER"; id: string }
  | { type: "ANONYMOUS" };

export const systemActor = (id: string): Actor => ({ type: "SYSTEM", id });
