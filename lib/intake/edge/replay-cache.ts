import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { AppError } from "../../errors";
import { keyPrefix, sharedRedis } from "../../queue/connection";
import { sha256Hex } from "./constant-time";
import { refuse } from "./refusal";

// Signed values (a Mailgun token, a MIME or SendGrid signature) seen within the freshness window.
// The first request to present one claims it (SET NX); any other within the window is a replay.
// A claim lives twice the tolerance: by then the timestamp it came with is refused as stale anyway.
// Keys hold a hash of the value, never the value.

export interface ReplayClaim {
  key: string;
  nonce: string;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function replayKey(kind: string, value: string): string {
  return `${keyPrefix}inbound:replay:${kind}:${sha256Hex(value)}`;
}

/** Claims `value` once per window; throws 401 `replayed` when it was already used, 503 when Redis is unreachable. */
export async function claimOnce(kind: string, value: string, ttlSeconds: number, redis: Redis = sharedRedis()): Promise<ReplayClaim> {
  const claim = { key: replayKey(kind, value), nonce: randomBytes(12).toString("hex") };
  let reply: string | null;
  try {
    reply = await redis.set(claim.key, claim.nonce, "EX", Math.max(1, Math.ceil(ttlSeconds)), "NX");
  } catch (err) {
    // Fail closed: without the cache a replay would pass. The provider retries a 503 later.
    throw new AppError("UNAVAILABLE", "Replay protection is unavailable right now. Retry the delivery later.", undefined, { cause: err });
  }
  if (reply !== "OK") {
    throw refuse("replayed", "This signature was already used. Sign every delivery afresh (new timestamp and token).");
  }
  return claim;
}

/**
 * Gives a claim back when the delivery it authenticated was not stored (a later check failed, or
 * S3/Postgres did), so the provider's retry of the same signed request is not refused as a replay.
 * Only our own claim is removed.
 */
export async function releaseClaims(claims: readonly ReplayClaim[], redis: Redis = sharedRedis()): Promise<void> {
  await Promise.all(claims.map((c) => redis.eval(RELEASE, 1, c.key, c.nonce).catch(() => undefined)));
}
