import { appendAudit } from "../audit/append";
import type { SignInFailure } from "../audit/actions";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { hit, peek, reset, type Limit } from "../security/rate-limit";

// Failed sign-ins — wrong password, wrong TOTP or recovery code, wrong step-up confirmation — are
// counted in Redis per account and per client IP over a sliding window. The account lock itself
// is written to Postgres (StaffUser.lockedUntil) so admins see it and it survives a Redis restart.

const windowMs = () => config.SIGN_IN_WINDOW_SECONDS * 1000;
export const accountLimit = (): Limit => ({ name: "signin-account", max: config.SIGN_IN_MAX_FAILURES, windowMs: windowMs() });
export const ipLimit = (): Limit => ({ name: "signin-ip", max: config.SIGN_IN_MAX_FAILURES_PER_IP, windowMs: windowMs() });

type Method = "PASSWORD" | "OIDC" | "TOTP" | "RECOVERY_CODE";

// The client address comes from lib/http/request-context.ts (TRUSTED_PROXY_HOPS). A request without
// one (never under `next start`, which always supplies the peer address) is not counted per IP:
// one shared "unknown" bucket would let anyone's failures lock everyone out. The per-account limit
// still applies to it.
const ipKey = (request?: RequestContext): string | null => request?.ip ?? null;

/** Refuses a client IP that has failed too often in the window (429 with Retry-After). */
export async function assertIpAllowed(request?: RequestContext): Promise<void> {
  const key = ipKey(request);
  if (!key) return;
  const state = await peek(ipLimit(), key);
  if (state.count >= config.SIGN_IN_MAX_FAILURES_PER_IP) {
    const retryAfterSeconds = Math.max(1, Math.ceil(state.retryAfterMs / 1000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins from this network. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { retryAfterSeconds });
  }
}

export function lockedMessage(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `This account is locked after too many failed attempts. Try again in ${minutes} minute(s), or ask an administrator to unlock it.`;
}

/** Throws when the account is locked (lockedUntil in the future). */
export function assertNotLocked(staff: { lockedUntil: Date | null }, now = new Date()): void {
  if (staff.lockedUntil && staff.lockedUntil > now) {
    throw new AppError("FORBIDDEN", lockedMessage(staff.lockedUntil), { locked: true, until: staff.lockedUntil.toISOString() });
  }
}

/**
 * Records one failure: audit entry, IP counter, and — when the staff member is known — the
 * account counter. Reaching the account limit locks the account for one window (audited) and
 * ends every session it has, so a half-finished sign-in or a stolen session cannot go on.
 * Returns the lock time when this failure locked the account.
 */
export async function recordFailure(input: {
  staffId: string | null;
  method: Method;
  reason: SignInFailure;
  request?: RequestContext;
  now?: Date;
  /** false: audit and count against the IP only (attempts on a locked or disabled account). */
  countAccount?: boolean;
}): Promise<{ lockedUntil: Date | null }> {
  const now = input.now ?? new Date();
  const key = ipKey(input.request);
  const ipState = key ? await hit(ipLimit(), key, { now: now.getTime() }) : null;
  const acct = input.staffId && input.countAccount !== false ? await hit(accountLimit(), input.staffId, { now: now.getTime() }) : null;
  const lockNow = !!acct && acct.count >= config.SIGN_IN_MAX_FAILURES;
  const until = new Date(now.getTime() + windowMs());

  await db.$transaction(async (tx) => {
    if (input.staffId && acct) {
      await tx.staffUser.update({
        where: { id: input.staffId },
        data: { failedSignIns: { increment: 1 }, ...(lockNow ? { lockedUntil: until } : {}) },
      });
      if (lockNow) {
        await tx.staffSession.updateMany({ where: { staffUserId: input.staffId, revokedAt: null }, data: { revokedAt: now } });
      }
    }
    await appendAudit(tx, {
      action: "auth.sign_in_failed",
      actor: { type: "ANONYMOUS" },
      outcome: "FAILURE",
      target: input.staffId ? { type: "staff", id: input.staffId } : undefined,
      request: input.request,
      data: { staffId: input.staffId, method: input.method, reason: input.reason },
    });
    if (lockNow && input.staffId) {
      await appendAudit(tx, {
        action: "auth.locked_out",
        actor: { type: "SYSTEM", id: "brute-force" },
        outcome: "DENIED",
        target: { type: "staff", id: input.staffId },
        request: input.request,
        data: { staffId: input.staffId, until: until.toISOString(), failures: acct?.count ?? 0 },
      });
    }
    // Once per window: the failure that brings an IP to its limit (later attempts are refused first).
    if (ipState?.count === config.SIGN_IN_MAX_FAILURES_PER_IP) {
      await appendAudit(tx, {
        action: "auth.ip_limited",
        actor: { type: "SYSTEM", id: "brute-force" },
        outcome: "DENIED",
        request: input.request,
        data: { failures: ipState.count, windowMinutes: Math.round(config.SIGN_IN_WINDOW_SECONDS / 60) },
      });
    }
  });
  return { lockedUntil: lockNow ? until : null };
}

/** A full sign-in succeeded: the account's failure count starts again. */
export async function clearFailures(staffId: string): Promise<void> {
  await reset(accountLimit(), staffId);
  await db.staffUser.update({ where: { id: staffId }, data: { failedSignIns: 0 } });
}
