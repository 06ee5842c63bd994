import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import type { Resource } from "../auth/authorize";
import { appUrl } from "../config";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { StaffRole, type StaffStatus } from "../generated/prisma/enums";
import type { Prisma } from "../generated/prisma/client";

// Helpers shared by the staff use cases in this folder. Not a use case: no permission checks here.

export interface StaffSummary {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: StaffStatus;
}

export const summarySelect = { id: true, email: true, name: true, role: true, status: true } as const satisfies Prisma.StaffUserSelect;

export const toSummary = ({ id, email, name, role, status }: StaffSummary): StaffSummary => ({ id, email, name, role, status });

export const ZStaffRole = z.enum(StaffRole);

/** A staff id from a URL or form; anything that is not a UUID cannot name a member. */
export function parseStaffId(value: unknown): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new AppError("NOT_FOUND", "No staff member with this id.");
  return parsed.data.toLowerCase();
}

/** The requireStaff resource for a member id as given (trimmed, so a junk id cannot bloat the denial audit). */
export const staffResource = (staffId: unknown): Resource => ({ type: "staff", id: String(staffId).slice(0, 64) });

/** The staff member behind an actor (signed in, or through their token); null for SYSTEM and others. */
export function actorStaffId(actor: Actor): string | null {
  if (actor.type === "STAFF") return actor.id;
  if (actor.type === "API_TOKEN") return actor.staffId;
  return null;
}

/** Admins manage other members through these use cases, never themselves (a second admin must act). */
export function refuseSelf(actor: Actor, staffId: string, what: string): void {
  if (actorStaffId(actor) === staffId) {
    throw new AppError("FORBIDDEN", `You cannot ${what} your own account. Ask another administrator.`);
  }
}

/** Runs `fn` in the caller's transaction when given one, else in a new one. */
export function inTransaction<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : db.$transaction(fn);
}

// Changes that could remove an active admin take this lock first, so two admins demoting or
// disabling each other at the same moment cannot both pass the "another admin remains" check.
const ADMIN_LOCK_KEY = 7_301_112_001n;

export async function lockAdminSet(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY}::bigint)`;
}

/** Loads the target member (inside the transaction, after any lock) or throws NOT_FOUND. */
export async function loadStaff(tx: Tx, staffId: string) {
  const staff = await tx.staffUser.findUnique({
    where: { id: staffId },
    select: { ...summarySelect, lockedUntil: true, failedSignIns: true, mfaEnrolledAt: true },
  });
  if (!staff) throw new AppError("NOT_FOUND", "No staff member with this id.");
  return staff;
}

/**
 * Refuses a change that would take `target` out of the set of ACTIVE admins when it is the last
 * one. Call with the admin lock held.
 */
export async function assertAnotherAdminRemains(tx: Tx, target: { id: string; role: StaffRole; status: StaffStatus }): Promise<void> {
  if (target.role !== "ADMIN" || target.status !== "ACTIVE") return;
  const others = await tx.staffUser.count({ where: { role: "ADMIN", status: "ACTIVE", id: { not: target.id } } });
  if (others === 0) {
    throw new AppError("CONFLICT", "This would leave no active administrator. Make another member an administrator first.");
  }
}

export const INVITE_TTL_MS = 72 * 3600 * 1000;

export const hashInviteToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** A fresh one-time invite: the URL (shown once) and what is stored (hash and expiry). */
export function newInvite(now = new Date()): { url: string; tokenHash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { url: `${appUrl}/invite/${token}`, tokenHash: hashInviteToken(token), expiresAt: new Date(now.getTime() + INVITE_TTL_MS) };
}

/** Prisma's unique-constraint violation (a concurrent insert of the same email). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}

/** Validates a use case's input (one helper for every use case folder). */
export { parseInput } from "../http/parse-input";
