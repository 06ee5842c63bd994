import { appendAudit } from "../audit/append";
import type { AuditActionData } from "../audit/actions";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { logger } from "../log";
import { hit, type Limit } from "../security/rate-limit";
import type { Actor } from "./actor";
import { hashApiToken, TOKEN_PREFIX_LENGTH } from "./api-tokens";
import { assertIpAllowed, assertNotLocked, lockedMessage, recordFailure } from "./brute-force";
import { openSecret, verifyTotp } from "./mfa";
import { roleAtOrBelow } from "./permissions";
import { claimTotpStep } from "./totp-step";

// Who calls /api/v1: a personal API token in `Authorization: Bearer …` (tokens are made and
// listed in api-tokens.ts). Cookies are never looked at here.

const TOKEN_SHAPE = /^gh_pat_[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer +(\S+) *$/i;
export const TOTP_HEADER = "x-gatehouse-totp";

// Refused tokens are audited; past this many per client IP they are refused with 429 and no
// audit entry, so a flood of junk tokens cannot fill the audit trail.
const REFUSALS: Limit = { name: "api-token-refused", max: 100, windowMs: 15 * 60_000 };

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
      if (!(await claimTotpStep(tx, row.staffUserId, step))) return false;
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
