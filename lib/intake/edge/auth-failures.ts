import { AppError } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { errFields, logger } from "../../log";
import { hit, peek, type Limit } from "../../security/rate-limit";

// Failed authentications per client IP on the inbound webhooks: past the limit every request
// from that IP is refused (429) before its credentials are looked at, so guessing is capped at
// `max` tries a minute. Providers retry refused deliveries, so a blocked minute delays mail, it
// does not lose it. Redis trouble fails open here (credentials are still checked): the limit is a
// brake on guessing, not what authenticates.

export const inboundAuthLimit: Limit = { name: "inbound-auth-ip", max: 60, windowMs: 60_000 };

const ipKey = (request: RequestContext) => request.ip ?? "unknown";

export async function assertNotBlocked(request: RequestContext): Promise<void> {
  let count: number;
  let retryAfterMs: number;
  try {
    ({ count, retryAfterMs } = await peek(inboundAuthLimit, ipKey(request)));
  } catch (err) {
    logger.warn({ requestId: request.requestId, ...errFields(err) }, "inbound auth rate limit unavailable");
    return;
  }
  if (count >= inboundAuthLimit.max) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new AppError("RATE_LIMITED", `Too many failed authentications from this network. Fix the webhook credentials, then retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}

export async function recordAuthFailure(request: RequestContext): Promise<void> {
  try {
    await hit(inboundAuthLimit, ipKey(request));
  } catch (err) {
    logger.warn({ requestId: request.requestId, ...errFields(err) }, "inbound auth failure not counted");
  }
}
