import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { AuditActionData } from "../audit/actions";
import { config } from "../config";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { StaffRole } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { logger } from "../log";
import { hit, type Limit } from "../security/rate-limit";
import type { Actor } from "./actor";
import { assertIpAllowed, assertNotLocked, lockedMessage, recordFailure } from "./brute-force";
import { openSecret, verifyTotp } from "./mfa";
import { roleAtOrBelow } from "./permissions";
import { requireStaff, steppedUpRecently } from "./require-staff";

// Personal API tokens: `gh_pat_` + 32 random bytes (base64url). Only the SHA-256 is stored — a
// fast hash is enough for 256 random bits — and the first 14 characters, to tell tokens apart.
// A token acts as its owner with a role at or below the owner's current role.

const TOKEN_SHAPE = /^gh_pat_[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer +(\S+) *$/i;
export const TOKEN_PREFIX_LENGTH = 14;
export const TOTP_HEADER = "x-gatehouse-totp";
export const DEFAULT_TOKEN_DAYS = Math.min(30, config.API_TOKEN_MAX_DAYS);
const expiryAfter = (now: Date, days: number | undefined) => new Date(now.getTime() + (days ?? DEFAULT_TOKEN_DAYS) * 86_400_000);

// Refused tokens are audited; past this many per client IP they are refused with 429 and no
// audit entry, so a flood of junk tokens cannot fill the audit trail.
const REFUSALS: Limit = { name: "api-token-refused", max: 100, windowMs: 15 * 60_000 };

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

type Refusal = AuditActionData["api_token.refused"]["reason"];

/** Audits a refused token (own transaction, so it outlives the refused request) and throws 401. */
async function refuse(request: RequestContext, token: { id?: string; prefix: string }, reason: Refusal, message: string): Promise<never> {
  // If Redis is unavailable the refusal is still audited: the limit only guards the trail's size.
  const state = await hit(REFUSALS, request.ip ?? "unknown").catch((err: unknown) => {
    logger.warn({ requestId: request.requestId, err: err instanceof Error ? err.message : String(err) }, "api token refusal limit unavailable");
    return null;
  });
  if (state && !state.allowed) {
    const minutes = Math.max(1, Math.ceil(state.retryAfterMs / 60_000));
    throw new AppError("RATE_LIMITED", `Too many refused API tokens from this network. Try again in ${minutes} minute(s).`, { retryAfterSeconds: Math.ceil(state.retryAfterMs / 1000) });
  }
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "api_token.refused",
      actor: { type: "ANONYMOUS" },
      outcome: "DENIED",
      target: token.id ? { type: "token", id: token.id } : undefined,
      request,
      data: { prefix: token.prefix, reason },
    }),
  );
  throw new AppError("UNAUTHENTICATED", message, { reason });
}

/**
 * Checks an X-Gatehouse-TOTP header before the token's use is recorded. Returns the matched time
 * step (consumed in the same transaction as the use, so a code is accepted once) or null for a
 * wrong code; throws for a malformed header, an owner without MFA, or a locked account.
 */
async function totpStep(staffId: string, header: string, request: RequestContext, now: Date): Promise<number | null> {
  const code = header.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) throw new AppError("INVALID_INPUT", "X-Gatehouse-TOTP must be the 6-digit code from your authenticator app.", { header: "X-Gatehouse-TOTP" });
  await assertIpAllowed(request);
  const staff = await db.staffUser.findUniqueOrThrow({ where: { id: staffId }, select: { mfaSecret: true, mfaEnrolledAt: true, mfaLastStep: true, lockedUntil: true } });
  assertNotLocked(staff, now);
  if (!staff.mfaSecret || !staff.mfaEnrolledAt) throw new AppError("UNAUTHENTICATED", "The token's owner has no authenticator enrolled: sign in to the console to enrol one.");
  return verifyTotp(openSecret(staff.mfaSecret), code, { lastUsedStep: staff.mfaLastStep, now: now.getTime() });
}

/**
 * The caller of an /api/v1 route. No Authorization header: ANONYMOUS (use cases refuse it). A
 * malformed header or token, or an unknown, revoked or expired token, a token whose owner is no
 * longer ACTIVE or whose role is now above the owner's: 401 (audited, except malformed). Cookies
 * are never looked at. With a valid X-Gatehouse-TOTP code the actor counts as stepped up.
 */
export async function authenticateBearer(req: Request, request: RequestContext): Promise<Actor> {
  const header = req.headers.get("authorization");
  if (header === null) return { type: "ANONYMOUS" };
  const match = BEARER.exec(header.trim());
  if (!match) throw new AppError("UNAUTHENTICATED", "Send the token as: Authorization: Bearer gh_pat_…", { reason: "malformed" });
  const token = match[1];
  if (!TOKEN_SHAPE.test(token)) throw new AppError("UNAUTHENTICATED", "That is not a Gatehouse API token: tokens start with gh_pat_ and are 50 characters long.", { reason: "malformed" });

  const now = new Date();
  const prefix = token.slice(0, TOKEN_PREFIX_LENGTH);
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, staffUserId: true, role: true, expiresAt: true, revokedAt: true, staffUser: { select: { status: true, role: true } } },
  });
  if (!row) return refuse(request, { prefix }, "unknown", "This token is not known. Check that it was copied in full, or create a new one.");
  const known = { id: row.id, prefix };
  if (row.revokedAt) return refuse(request, known, "revoked", "This token was revoked. Create a new one under Account in the console.");
  if (row.expiresAt <= now) return refuse(request, known, "expired", `This token expired on ${row.expiresAt.toISOString()}. Create a new one under Account in the console.`);
  if (row.staffUser.status !== "ACTIVE") return refuse(request, known, "owner_inactive", "The staff account that owns this token is not active.");
  if (!roleAtOrBelow(row.role, row.staffUser.role)) {
    return refuse(request, known, "role_above_owner", `This token carries role ${row.role}, above its owner's current role ${row.staffUser.role}. Revoke it and create a new one.`);
  }

  const totp = req.headers.get(TOTP_HEADER);
  const step = totp === null ? null : await totpStep(row.staffUserId, totp, request, now);
  const actor: Extract<Actor, { type: "API_TOKEN" }> = { type: "API_TOKEN", id: row.id, staffId: row.staffUserId, role: row.role, steppedUpAt: totp === null ? null : now };
  const path = new URL(req.url).pathname.slice(0, 512);
  const accepted = await db.$transaction(async (tx) => {
    if (totp !== null) {
      if (step === null) return false;
      // Conditional write: two requests racing with the same code cannot both pass.
      const won = await tx.staffUser.updateMany({ where: { id: row.staffUserId, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] }, data: { mfaLastStep: step } });
      if (won.count !== 1) return false;
    }
    await tx.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    await appendAudit(tx, { action: "api_token.used", actor, target: { type: "token", id: row.id }, request, data: { tokenId: row.id, method: req.method, path } });
    return true;
  });
  if (!accepted) {
    const { lockedUntil } = await recordFailure({ staffId: row.staffUserId, method: "TOTP", reason: "wrong_code", request, now });
    if (lockedUntil) throw new AppError("UNAUTHENTICATED", lockedMessage(lockedUntil), { locked: true });
    throw new AppError("UNAUTHENTICATED", "The X-Gatehouse-TOTP code is wrong (or was already used). Send the current code from your authenticator app.", { reason: "wrong_totp" });
  }
  return actor;
}
