import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { AuditActionData } from "../audit/actions";
import { config } from "../config";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { StaffRole } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import type { Actor } from "./actor";
import { roleAtOrBelow } from "./permissions";
import { requireStaff, steppedUpRecently } from "./require-staff";

// Personal API tokens: `gh_pat_` + 32 random bytes (base64url). Only the SHA-256 is stored — a
// fast hash is enough for 256 random bits — and the first 14 characters, to tell tokens apart.
// A token acts as its owner with a role at or below the owner's current role.

export const TOKEN_PREFIX_LENGTH = 14;
export const DEFAULT_TOKEN_DAYS = Math.min(30, config.API_TOKEN_MAX_DAYS);
const expiryAfter = (now: Date, days: number | undefined) => new Date(now.getTime() + (days ?? DEFAULT_TOKEN_DAYS) * 86_400_000);


export const hashApiToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

export const ZCreateApiTokenInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name.")
    .max(80, "Use at most 80 characters for the name.")
    .regex(/^[^\p{Cc}\p{Cf}]*$/u, "The name contains control characters."),
  role: z.enum(StaffRole).optional(),
  expiresInDays: z.number().int().min(1).max(config.API_TOKEN_MAX_DAYS, `A token lasts at most ${config.API_TOKEN_MAX_DAYS} days.`).optional(),
});
export type TCreateApiTokenInput = z.input<typeof ZCreateApiTokenInput>;

export interface CreatedApiToken {
  /** The token itself: returned once, never stored. */
  token: string;
  id: string;
  name: string;
  prefix: string;
  role: StaffRole;
  expiresAt: Date;
}

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  role: StaffRole;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: "active" | "revoked" | "expired";
}

const viewSelect = { id: true, name: true, prefix: true, role: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true } as const;

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  throw new AppError("INVALID_INPUT", fields[0]?.message ?? "Some fields are missing or invalid.", { fields });
}

const ownerOf = (actor: Actor): string | null => (actor.type === "STAFF" ? actor.id : actor.type === "API_TOKEN" ? actor.staffId : null);

/** For callers that are not staff: requireStaff refuses them (with its audit entry). */
async function refuseNonStaff(actor: Actor, request?: RequestContext): Promise<never> {
  await requireStaff(actor, "token.manage_own", { request });
  throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
}

async function insertToken(
  tx: Tx,
  input: { ownerId: string; name: string; role: StaffRole; expiresAt: Date },
  opts: { actor: Actor; via: AuditActionData["api_token.created"]["via"]; request?: RequestContext },
): Promise<CreatedApiToken> {
  const token = `gh_pat_${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_PREFIX_LENGTH);
  const { ownerId, name, role, expiresAt } = input;
  const row = await tx.apiToken.create({ data: { staffUserId: ownerId, name, prefix, tokenHash: hashApiToken(token), role, expiresAt }, select: { id: true } });
  await appendAudit(tx, {
    action: "api_token.created",
    actor: opts.actor,
    target: { type: "token", id: row.id },
    request: opts.request,
    data: { tokenId: row.id, ownerId, role, prefix, expiresAt: expiresAt.toISOString(), via: opts.via },
  });
  return { token, id: row.id, name, prefix, role, expiresAt };
}

/** The owner as of this transaction; only ACTIVE staff hold tokens. */
async function activeOwner(tx: Tx, ownerId: string): Promise<{ role: StaffRole }> {
  const owner = await tx.staffUser.findUnique({ where: { id: ownerId }, select: { status: true, role: true } });
  if (!owner) throw new AppError("NOT_FOUND", "No staff member with this id.");
  if (owner.status !== "ACTIVE") throw new AppError("CONFLICT", `This staff member is ${owner.status.toLowerCase()}: only active staff hold API tokens.`);
  return owner;
}

function assertCeiling(role: StaffRole, ownerRole: StaffRole): void {
  if (!roleAtOrBelow(role, ownerRole)) throw new AppError("FORBIDDEN", `A token may not carry role ${role}, above its owner's role ${ownerRole}.`);
}

/**
 * Creates a token for the caller, from the console or over the API. The role defaults to the
 * caller's own (the owner's in the console, the calling token's over the API) and may be lower,
 * never higher. A token is a long-lived credential, so creating one needs a recent step-up
 * (console: password or TOTP; API: X-Gatehouse-TOTP): a hijacked session or a leaked token alone
 * cannot mint one. A token created by a token also cannot outlive it.
 */
export async function createApiToken(
  actor: Actor,
  input: TCreateApiTokenInput,
  opts: { request?: RequestContext; via: "console" | "api"; now?: Date },
): Promise<CreatedApiToken> {
  if (actor.type !== "STAFF" && actor.type !== "API_TOKEN") return refuseNonStaff(actor, opts.request);
  const data = parse(ZCreateApiTokenInput, input);
  const ownerId = actor.type === "STAFF" ? actor.id : actor.staffId;
  const role = data.role ?? actor.role;
  await requireStaff(actor, "token.manage_own", { resource: { type: "token", role, ownerId }, request: opts.request });
  const now = opts.now ?? new Date();
  if (!steppedUpRecently(actor, new Date())) {
    const how = actor.type === "API_TOKEN" ? "send your current authenticator code in the X-Gatehouse-TOTP header" : "enter your password or an authenticator code, then try again";
    throw new AppError("STEP_UP_REQUIRED", `Creating a token needs a fresh confirmation: ${how}.`, { permission: "token.manage_own" });
  }
  return db.$transaction(async (tx) => {
    // Re-read: the role may have changed since the caller's session or token was resolved.
    assertCeiling(role, (await activeOwner(tx, ownerId)).role);
    let expiresAt = expiryAfter(now, data.expiresInDays);
    if (actor.type === "API_TOKEN") {
      const parent = await tx.apiToken.findUnique({ where: { id: actor.id }, select: { expiresAt: true, revokedAt: true } });
      if (!parent || parent.revokedAt) throw new AppError("UNAUTHENTICATED", "This token was revoked.");
      if (expiresAt > parent.expiresAt) {
        if (data.expiresInDays !== undefined) {
          throw new AppError("INVALID_INPUT", `A token cannot outlive the token that creates it (expires ${parent.expiresAt.toISOString()}).`, { field: "expiresInDays" });
        }
        expiresAt = parent.expiresAt;
      }
    }
    return insertToken(tx, { ownerId, name: data.name, role, expiresAt }, { actor, via: opts.via, request: opts.request });
  });
}

/**
 * For the ops CLI (no signed-in staff): creates a token for any ACTIVE staff member. No
 * permission check — the caller is trusted — but the role ceiling still holds. Joins `tx` when
 * given (the caller then owns the transaction and its audit ordering).
 */
export async function createApiTokenUnchecked(
  tx: Tx | undefined,
  input: { staffId: string } & TCreateApiTokenInput,
  opts: { actor: Actor; via: "cli"; request?: RequestContext; now?: Date },
): Promise<CreatedApiToken> {
  const { staffId, ...rest } = input;
  const data = parse(ZCreateApiTokenInput, rest);
  const ownerId = parse(z.uuid("No staff member with this id."), staffId);
  const now = opts.now ?? new Date();
  const run = async (t: Tx) => {
    const owner = await activeOwner(t, ownerId);
    const role = data.role ?? owner.role;
    assertCeiling(role, owner.role);
    return insertToken(t, { ownerId, name: data.name, role, expiresAt: expiryAfter(now, data.expiresInDays) }, opts);
  };
  return tx ? run(tx) : db.$transaction(run);
}

/** Revokes one of the caller's own tokens. Revoking a token that is already revoked is a CONFLICT. */
export async function revokeApiToken(
  actor: Actor,
  input: { tokenId: string },
  opts: { request?: RequestContext; now?: Date } = {},
): Promise<{ id: string; revokedAt: Date }> {
  const id = z.uuid().safeParse(input.tokenId);
  const token = id.success ? await db.apiToken.findUnique({ where: { id: id.data }, select: { id: true, staffUserId: true, role: true, revokedAt: true } }) : null;
  if (!token) {
    await requireStaff(actor, "token.manage_own", { request: opts.request });
    throw new AppError("NOT_FOUND", "No API token with this id.");
  }
  // The role ceiling is a rule for creating: revoking only removes access, and a demoted owner
  // must still be able to revoke a token that now carries more than they do.
  const role = actor.type === "STAFF" || actor.type === "API_TOKEN" ? actor.role : token.role;
  await requireStaff(actor, "token.manage_own", { resource: { type: "token", role, ownerId: token.staffUserId }, request: opts.request });
  const already = (at: Date) => new AppError("CONFLICT", `This token was already revoked on ${at.toISOString()}.`, { revokedAt: at.toISOString() });
  if (token.revokedAt) throw already(token.revokedAt);
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const res = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: now } });
    if (res.count !== 1) throw already(now);
    await appendAudit(tx, { action: "api_token.revoked", actor, target: { type: "token", id: token.id }, request: opts.request, data: { tokenId: token.id, ownerId: token.staffUserId } });
    return { id: token.id, revokedAt: now };
  });
}

/** The caller's own tokens, newest first (never their hashes). */
export async function listApiTokens(actor: Actor, opts: { request?: RequestContext; now?: Date } = {}): Promise<ApiTokenView[]> {
  const ownerId = ownerOf(actor);
  if (!ownerId || !("role" in actor)) return refuseNonStaff(actor, opts.request);
  await requireStaff(actor, "token.manage_own", { resource: { type: "token", role: actor.role, ownerId }, request: opts.request });
  const now = opts.now ?? new Date();
  const rows = await db.apiToken.findMany({ where: { staffUserId: ownerId }, select: viewSelect, orderBy: { createdAt: "desc" }, take: 200 });
  return rows.map((r) => ({ ...r, status: r.revokedAt ? "revoked" : r.expiresAt <= now ? "expired" : "active" }));
}

/** GET /api/v1/me: who the calling token acts as. */
export async function describeApiCaller(actor: Actor, opts: { request?: RequestContext } = {}) {
  if (actor.type === "STAFF") throw new AppError("UNAUTHENTICATED", "This endpoint describes an API token: call it with Authorization: Bearer gh_pat_…");
  if (actor.type !== "API_TOKEN") return refuseNonStaff(actor, opts.request);
  const token = await db.apiToken.findUniqueOrThrow({
    where: { id: actor.id },
    select: { ...viewSelect, staffUser: { select: { id: true, email: true, name: true, role: true } } },
  });
  const { staffUser, ...view } = token;
  return {
    staff: staffUser,
    token: { id: view.id, name: view.name, prefix: view.prefix, role: view.role, createdAt: view.createdAt, expiresAt: view.expiresAt, lastUsedAt: view.lastUsedAt },
    steppedUp: !!actor.steppedUpAt,
  };
}
