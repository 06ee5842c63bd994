import type { StaffRole } from "../generated/prisma/enums";

// Who performs an action. Every use case takes one; the audit trail records it.
export type Actor =
  | { type: "STAFF"; id: string; role: StaffRole }
  | { type: "API_TOKEN"; id: string; staffId: string; role: StaffRole }
  | { type: "SYSTEM"; id: string }
  | { type: "PROVIDER"; id: string }
  | { type: "ANONYMOUS" };

export const systemActor = (id: string): Actor => ({ type: "SYSTEM", id });
