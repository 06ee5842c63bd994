import { createHash, randomBytes } from "node:crypto";
import { appendAudit } from "../audit/append";
import { config } from "../config";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import type { SignInMethod, StaffRole, StaffStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import type { Actor } from "./actor";

// Server-side staff sessions. The Auth.js cookie (an encrypted JWT) carries only a random session
// token; its SHA-256 names a StaffSession row, so a session can be revoked, expired for idleness
// or voided by a role change at once — a JWT alone could not be.

/** A session whose second factor has not passed yet lives this long and can only do MFA. */
const PENDING_MFA_SECONDS = 10 * 60;
/** lastActiveAt is written at most this often (idle tracking without a write per request). */
const touchEveryMs = () => Math.min(30_000, (config.SESSION_IDLE_SECONDS * 1000) / 5);

export type SessionStage = "ACTIVE" | "MFA_VERIFY" | "MFA_ENROL";
export type SessionEnd = "unknown" | "revoked" | "idle" | "expired" | "superseded" | "disabled";

export interface ResolvedSession {
  sessionId: string;
  stage: SessionStage;
  method: SignInMethod;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  steppedUpAt: Date | null;
  staff: { id: string; email: string; name: string; role: StaffRole; status: StaffStatus; mfaEnrolledAt: Date | null };
}

export type SessionResult = { ok: true; session: ResolvedSession } | { ok: false; reason: SessionEnd };

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Starts a session after the first factor (password or OIDC). It must pass MFA before it is ACTIVE. */
export async function startSession(
  tx: Tx,
  input: { staffId: string; method: SignInMethod; request?: RequestContext; now?: Date },
): Promise<{ token: string; sessionId: string }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const row = await tx.staffSession.create({
    data: {
      staffUserId: input.staffId,
      tokenHash: hashToken(token),
      method: input.method,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: new Date(now.getTime() + PENDING_MFA_SECONDS * 1000),
      ip: input.request?.ip?.slice(0, 64),
      userAgent: input.request?.userAgent?.slice(0, 512),
    },
    select: { id: true },
  });
  return { token, sessionId: row.id };
}

/**
 * Marks a session ACTIVE, 12 hours from now at most, keeping its token. Sign-in does not call this
 * directly: completeSecondFactor replaces the pre-MFA session with a new one (test fixtures build
 * ACTIVE sessions with it).
 */
export async function activateSession(tx: Tx, sessionId: string, now = new Date()): Promise<void> {
  await tx.staffSession.update({
    where: { id: sessionId },
    data: { mfaVerifiedAt: now, steppedUpAt: now, lastActiveAt: now, expiresAt: new Date(now.getTime() + config.SESSION_ABSOLUTE_SECONDS * 1000) },
  });
}

/**
 * The second factor passed. The pending session (whose token was issued after the first factor
 * alone) ends, and a new session with a new id and token takes its place, ACTIVE: a token seen or
 * planted before MFA is worth nothing afterwards (session fixation, ASVS 3.2.1). The caller puts the
 * new token in the cookie. CONFLICT when the pending session was already completed or ended.
 */
export async function completeSecondFactor(
  tx: Tx,
  pendingSessionId: string,
  opts: { request?: RequestContext; now?: Date } = {},
): Promise<{ token: string; sessionId: string }> {
  const now = opts.now ?? new Date();
  const ended = await tx.staffSession.updateMany({ where: { id: pendingSessionId, revokedAt: null, mfaVerifiedAt: null }, data: { revokedAt: now } });
  if (ended.count !== 1) throw new AppError("CONFLICT", "This sign-in was already completed or has ended. Sign in again.");
  const pending = await tx.staffSession.findUniqueOrThrow({ where: { id: pendingSessionId }, select: { staffUserId: true, method: true } });
  const next = await startSession(tx, { staffId: pending.staffUserId, method: pending.method, request: opts.request, now });
  await activateSession(tx, next.sessionId, now);
  return next;
}

export interface ResolveOptions {
  now?: Date;
  /**
   * A background call (presence heartbeat, progress poll): the session is checked by every rule
   * but its idle clock is not moved, so a page left open still signs out after SESSION_IDLE_SECONDS.
   */
  passive?: boolean;
}

/**
 * Looks a session token up and applies every rule: revoked, idle, absolute expiry, voided by a
 * later `sessionsValidAfter` (role change, disable, sign out everywhere), staff not ACTIVE.
 * A valid session's activity time is refreshed (at most every 30 s) unless the call is passive.
 */
export async function resolveSession(token: string | null | undefined, opts: ResolveOptions = {}): Promise<SessionResult> {
  const now = opts.now ?? new Date();
  if (!token) return { ok: false, reason: "unknown" };
  const row = await db.staffSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      staffUser: { select: { id: true, email: true, name: true, role: true, status: true, mfaEnrolledAt: true, sessionsValidAfter: true } },
    },
  });
  if (!row) return { ok: false, reason: "unknown" };
  const staff = row.staffUser;
  // Most specific first: a disable or role change also revokes, but says more.
  if (staff.status !== "ACTIVE") return { ok: false, reason: "disabled" };
  if (row.createdAt < staff.sessionsValidAfter) return { ok: false, reason: "superseded" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (now >= row.expiresAt) return { ok: false, reason: "expired" };
  if (now.getTime() - row.lastActiveAt.getTime() > config.SESSION_IDLE_SECONDS * 1000) return { ok: false, reason: "idle" };

  let lastActiveAt = row.lastActiveAt;
  if (!opts.passive && now.getTime() - row.lastActiveAt.getTime() >= touchEveryMs()) {
    lastActiveAt = now;
    await db.$transaction([
      db.staffSession.update({ where: { id: row.id }, data: { lastActiveAt: now } }),
      db.staffUser.update({ where: { id: staff.id }, data: { lastActiveAt: now } }),
    ]);
  }
  const stage: SessionStage = row.mfaVerifiedAt ? "ACTIVE" : staff.mfaEnrolledAt ? "MFA_VERIFY" : "MFA_ENROL";
  return {
    ok: true,
    session: {
      sessionId: row.id,
      stage,
      method: row.method,
      createdAt: row.createdAt,
      lastActiveAt,
      expiresAt: row.expiresAt,
      steppedUpAt: row.steppedUpAt,
      staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role, status: staff.status, mfaEnrolledAt: staff.mfaEnrolledAt },
    },
  };
}

/** The actor a resolved session acts as; sessions that have not passed MFA act as nobody. */
export function sessionActor(session: ResolvedSession | null): Actor {
  if (!session || session.stage !== "ACTIVE") return { type: "ANONYMOUS" };
  return { type: "STAFF", id: session.staff.id, role: session.staff.role, sessionId: session.sessionId, steppedUpAt: session.steppedUpAt };
}

/** Ends one session (sign out, or an admin revoking it). Returns false when it was already over. */
export async function endSession(tx: Tx, sessionId: string, now = new Date()): Promise<boolean> {
  const res = await tx.staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
  return res.count > 0;
}

/**
 * Ends every session of a staff member at once, including ones that are mid-sign-in, and voids any
 * issued before now (role change, disable, MFA reset, sign out everywhere). Audited by the caller's
 * use case; returns the ids it closed.
 */
export async function endAllSessions(
  tx: Tx,
  staffId: string,
  reason: "sign_out_everywhere" | "admin" | "role_changed" | "disabled" | "mfa_reset",
  actor: Actor,
  request?: RequestContext,
  now = new Date(),
): Promise<string[]> {
  const open = await tx.staffSession.findMany({ where: { staffUserId: staffId, revokedAt: null, expiresAt: { gt: now } }, select: { id: true } });
  await tx.staffSession.updateMany({ where: { staffUserId: staffId, revokedAt: null }, data: { revokedAt: now } });
  await tx.staffUser.update({ where: { id: staffId }, data: { sessionsValidAfter: now } });
  const sessionIds = open.map((s) => s.id);
  await appendAudit(tx, { action: "auth.sessions_revoked", actor, target: { type: "staff", id: staffId }, request, data: { staffId, sessionIds, reason } });
  return sessionIds;
}
