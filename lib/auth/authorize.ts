import type { StaffRole } from "../generated/prisma/enums";
import type { Actor } from "./actor";
import { PERMISSIONS, roleAtOrBelow, roleHas, type Permission } from "./permissions";

/** The record an action touches, with just the fields the per-record rules need. */
export type Resource =
  | { type: "case"; id: string; assigneeId: string | null }
  | { type: "approval"; id: string; requestedById: string }
  | { type: "token"; role: StaffRole; ownerId: string }
  | { type: "staff"; id: string };

/** The staff member behind an action: signed in, or through one of their API tokens. */
export type StaffActor = Extract<Actor, { type: "STAFF" | "API_TOKEN" }>;

export type Decision =
  | { allowed: true; actor: StaffActor; override: boolean; reason: string }
  | { allowed: false; code: "UNAUTHENTICATED" | "FORBIDDEN"; reason: string };

// Case actions only the assignee may take; a supervisor may take them on anyone's case (override).
const ASSIGNEE_ONLY = new Set<Permission>(["case.decide", "case.note", "case.escalate"]);

const deny = (reason: string, code: "UNAUTHENTICATED" | "FORBIDDEN" = "FORBIDDEN"): Decision => ({ allowed: false, code, reason });

/**
 * Decides whether `actor` may use `permission` on `resource`. Pure and deny-by-default: only staff
 * (signed in or through a token) hold permissions, only those their role lists, and the
 * per-record rules below must also pass. The reason is written for the audit trail and the caller.
 */
export function decide(actor: Actor, permission: Permission, resource?: Resource): Decision {
  if (!(permission in PERMISSIONS)) return deny(`unknown permission ${String(permission)}`);
  if (actor.type === "ANONYMOUS") return deny("sign in first", "UNAUTHENTICATED");
  if (actor.type !== "STAFF" && actor.type !== "API_TOKEN") return deny(`${actor.type.toLowerCase()} actors hold no staff permissions`);
  const staffId = actor.type === "STAFF" ? actor.id : actor.staffId;
  const allow = (reason: string, override = false): Decision => ({ allowed: true, actor, override, reason });
  if (!roleHas(actor.role, permission)) return deny(`role ${actor.role} may not ${permission}`);

  if (resource?.type === "case" && ASSIGNEE_ONLY.has(permission) && resource.assigneeId !== staffId) {
    if (actor.role === "SUPERVISOR") return allow(`supervisor override on a case assigned to ${resource.assigneeId ?? "nobody"}`, true);
    return deny(resource.assigneeId ? "only the assignee may act on this case" : "claim the case first");
  }
  if (resource?.type === "approval" && permission === "case.approve_second" && resource.requestedById === staffId) {
    return deny("the second approval must come from another supervisor");
  }
  if (resource?.type === "token" && permission === "token.manage_own") {
    if (resource.ownerId !== staffId) return deny("tokens are managed by their owner only");
    if (!roleAtOrBelow(resource.role, actor.role)) return deny(`a token may not carry role ${resource.role}, above ${actor.role}`);
  }
  return allow(`role ${actor.role} may ${permission}`);
}
