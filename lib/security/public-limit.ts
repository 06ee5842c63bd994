import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { errFields, logger } from "../log";
import { hit, peek, type Limit } from "./rate-limit";

// Per-IP brakes for endpoints anyone can call without credentials. They slow down abuse; they
// are not what protects the endpoint, so Redis trouble (or a slow Redis) fails open: the request
// goes on and a warning is logged. A refusal is 429 RATE_LIMITED with details.retryAfterSeconds,
// which lib/http/handler.ts turns into a Retry-After header.

/** GET /api/health: load balancers poll every few seconds; far more than this is not a health check. */
export const healthLimit: Limit = { name: "health-ip", max: 300, windowMs: 60_000 };
/** Invite links tried with a wrong, used or expired token, per IP. */
export const inviteFailureLimit: Limit = { name: "invite-failed-ip", max: 20, windowMs: 15 * 60_000 };

const REDIS_BUDGET_MS = 500;
const ipKey = (request?: RequestContext) => request?.ip ?? "unknown";

async function failOpen<T>(request: RequestContext | undefined, what: string, work: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), REDIS_BUDGET_MS);
  });
  try {
    const result = await Promise.race([work, slow]);
    if (result === null) logger.warn({ requestId: request?.requestId, limit: what }, "rate limit check too slow; skipped");
    return result;
  } catch (err) {
    logger.warn({ requestId: request?.requestId, limit: what, ...errFields(err) }, "rate limit unavailable; skipped");
    return null;
  } finally {
    clearTimeout(timer);
  }
}

function limited(retryAfterMs: number, message: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError("RATE_LIMITED", `${message} Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/**
 * Counts this request against `limit` for the caller's IP; throws 429 past it. A request without
 * a client address (a load balancer probing the instance directly) is not counted: one shared
 * bucket would let anyone who reaches the instance make it look unhealthy to its load balancer.
 */
export async function limitRequest(limit: Limit, request: RequestContext | undefined, message: string): Promise<void> {
  if (!request?.ip) return;
  const state = await failOpen(request, limit.name, hit(limit, ipKey(request)));
  if (state && !state.allowed) throw limited(state.retryAfterMs, message);
}

/** Throws 429 when the caller's IP has used up `limit` (failures counted with countFailure). */
export async function assertUnderLimit(limit: Limit, request: RequestContext | undefined, message: string): Promise<void> {
  const state = await failOpen(request, limit.name, peek(limit, ipKey(request)));
  if (state && !state.allowed) throw limited(state.retryAfterMs, message);
}

export async function countFailure(limit: Limit, request: RequestContext | undefined): Promise<void> {
  await failOpen(request, limit.name, hit(limit, ipKey(request)));
}
