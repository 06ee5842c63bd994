import type { Permission } from "@/lib/auth/permissions";
import { roleHas } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { ROLES, type CallerIdentity } from "./callers";

// The shape of the authorization matrix's registry (registry.ts and its parts).
//   allow:      the roles that get through authorization, when per-record rules narrow the table;
//   permission: the roles holding it in lib/auth/permissions.ts (the table decides, not this file);
//   exempt:     not staff-authorised by design — the reason says what protects it and which test
//               covers that instead.
// The matrix runs every non-exempt entry as each role, as an anonymous caller and with dead
// credentials (callers.ts), and checks each outcome.

export type Expectation = { allow: readonly StaffRole[] } | { permission: Permission } | { exempt: string };

export interface Ctx {
  caller: CallerIdentity;
  /** A fresh staff member to act on (role AGENT unless given). */
  target(role?: StaffRole): Promise<{ id: string; email: string }>;
}

export interface Prepared {
  params?: Record<string, string>;
  body?: unknown;
  /** Query string without "?", e.g. "format=pdf". */
  query?: string;
}

/**
 * GET handlers must say which kind they are (the matrix checks the claim on every allowed call):
 *   "read-only": writes no row (the Bearer token's own use record aside);
 *   { writes }:  what it writes (an Export row, an audit entry) — an allowed call must write it,
 *                a refused one must not.
 */
export type GetKind = "read-only" | { writes: string };

export interface RouteEntry {
  expect: Expectation;
  /** GET handlers only. */
  get?: GetKind;
  prepare?(ctx: Ctx): Promise<Prepared>;
}

export interface ActionEntry {
  expect: Expectation;
  /** The arguments the action is called with (valid input, so only authorization can refuse it). */
  args?(ctx: Ctx): Promise<unknown[]>;
}

export const ALL: readonly StaffRole[] = ROLES;
export const ADMIN: readonly StaffRole[] = ["ADMIN"];
export const INBOUND_RETRY: readonly StaffRole[] = ["SUPERVISOR", "ADMIN"];
export const EMAIL_STAFF: readonly StaffRole[] = ["AGENT", "SUPERVISOR"];
export const DEVICE_STAFF: readonly StaffRole[] = ["AGENT", "SUPERVISOR"];
export const SECOND_APPROVER: readonly StaffRole[] = ["SUPERVISOR"];
export const CASE_WORKERS: readonly StaffRole[] = ["AGENT", "SUPERVISOR"];
export const CASE_ASSIGNERS: readonly StaffRole[] = ["SUPERVISOR"];

/** The roles an entry lets through; exempt entries are not run. */
export function allowedRoles(e: Expectation): readonly StaffRole[] {
  if ("allow" in e) return e.allow;
  if ("permission" in e) return ROLES.filter((r) => roleHas(r, e.permission));
  throw new Error("exempt entries are not run");
}

/** A GET that only reads, open to the roles holding `permission`. */
export const readOnly = (permission: Permission, prepare?: RouteEntry["prepare"]): RouteEntry => ({ expect: { permission }, get: "read-only", prepare });

/** A GET that writes `what` (say which rows), open to the roles holding `permission` (or the roles listed). */
export const writingGet = (what: string, who: Permission | readonly StaffRole[], prepare?: RouteEntry["prepare"]): RouteEntry => ({
  expect: typeof who === "string" ? { permission: who } : { allow: who },
  get: { writes: what },
  prepare,
});
