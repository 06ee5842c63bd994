import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { keyPrefix, sharedRedis } from "../queue/connection";

// Sliding-window log: one sorted set per (limit, key) whose members are events scored by their time
// in ms. The window is (now - windowMs, now]. Check and record run in one Lua script, so "at most
// `max` events per window" holds however many web processes hit the same key at once.
//
// Every hit is recorded, refused ones too: a client that keeps retrying stays refused until it
// pauses for a whole window. Only the newest `max` events are kept; that is all the decision needs
// (the max-th newest event alone says whether, and until when, the key is full), and it bounds
// memory under a flood. As a consequence `count` saturates: it is at most max + 1.

export interface Limit {
  /** Stable identifier, part of the Redis key: letters, digits, "_", "-", ".". */
  name: string;
  max: number;
  windowMs: number;
}

export interface LimitState {
  /** hit(): this event is within the limit. peek(): the next hit would be. */
  allowed: boolean;
  /** Events in the window, including this one for hit(); saturates at max + 1. */
  count: number;
  /** Further events the window accepts now. */
  remaining: number;
  /** Milliseconds until the next hit would be allowed; 0 while remaining > 0. */
  retryAfterMs: number;
}

interface Opts {
  /** Clock override (ms since epoch) for tests; by default Redis's own clock, shared by every process. */
  now?: number;
  redis?: Redis;
}

// KEYS[1] = key. ARGV = now ("" = Redis TIME), windowMs, max, member ("" = peek, record nothing).
// Returns { allowed (0/1), count, retryAfterMs }.
const SCRIPT = `
local key = KEYS[1]
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local member = ARGV[4]
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- Scores as integer strings: Lua's default number formatting would round large values.
local since = string.format('(%d', now - window)
local count
if member == '' then
  count = redis.call('ZCOUNT', key, since, '+inf')
else
  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window))
  count = redis.call('ZCARD', key) + 1
  redis.call('ZADD', key, string.format('%d', now), member)
  redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
  redis.call('PEXPIRE', key, window)
end
local allowed = 1
if member == '' then
  if count >= max then allowed = 0 end
elseif count > max then
  allowed = 0
end
local retry = 0
local live = redis.call('ZCOUNT', key, since, '+inf')
if live >= max then
  -- The oldest live event among the newest max must leave the window before another fits.
  local nth = redis.call('ZRANGEBYSCORE', key, since, '+inf', 'WITHSCORES', 'LIMIT', live - max, 1)
  retry = tonumber(nth[2]) + window - now
end
return { allowed, count, retry }
`;
const SCRIPT_SHA = createHash("sha1").update(SCRIPT).digest("hex");

const NAME = /^[A-Za-z0-9_.-]+$/;

function check(limit: Limit): void {
  if (!NAME.test(limit.name)) throw new RangeError(`rate limit name ${JSON.stringify(limit.name)} is not allowed`);
  if (!Number.isSafeInteger(limit.max) || limit.max < 1) throw new RangeError(`rate limit ${limit.name}: max must be a positive integer`);
  if (!Number.isSafeInteger(limit.windowMs) || limit.windowMs < 1) {
    throw new RangeError(`rate limit ${limit.name}: windowMs must be a positive integer`);
  }
}

/** The Redis key for a limit and subject. The subject is hashed so emails and IPs never appear in key names. */
export function rateLimitKey(limit: Limit, key: string): string {
  const digest = createHash("sha256").update(key, "utf8").digest("hex").slice(0, 32);
  return `${keyPrefix}rl:${limit.name}:${digest}`;
}

async function run(redis: Redis, args: [string, ...(string | number)[]]): Promise<unknown> {
  try {
    return await redis.evalsha(SCRIPT_SHA, 1, ...args);
  } catch (err) {
    // First use on this Redis (or after SCRIPT FLUSH / a restart): load it by sending the body.
    if (err instanceof Error && err.message.startsWith("NOSCRIPT")) return redis.eval(SCRIPT, 1, ...args);
    throw err;
  }
}

async function evaluate(limit: Limit, key: string, record: boolean, opts: Opts): Promise<LimitState> {
  check(limit);
  if (opts.now !== undefined && !Number.isSafeInteger(opts.now)) throw new RangeError("now must be an integer number of ms");
  const member = record ? `${opts.now ?? ""}:${randomBytes(8).toString("hex")}` : "";
  const reply = await run(opts.redis ?? sharedRedis(), [rateLimitKey(limit, key), opts.now ?? "", limit.windowMs, limit.max, member]);
  if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((n) => typeof n === "number")) {
    throw new Error("unexpected reply from the rate-limit script");
  }
  const [allowed, count, retryAfterMs] = reply as [number, number, number];
  return { allowed: allowed === 1, count, remaining: Math.max(0, limit.max - count), retryAfterMs: Math.max(0, retryAfterMs) };
}

/** Records one event for `key` under `limit` and reports whether it is within the limit. */
export function hit(limit: Limit, key: string, opts: Opts = {}): Promise<LimitState> {
  return evaluate(limit, key, true, opts);
}

/** Reports the current state without recording an event. */
export function peek(limit: Limit, key: string, opts: Opts = {}): Promise<LimitState> {
  return evaluate(limit, key, false, opts);
}

export async function reset(limit: Limit, key: string, opts: { redis?: Redis } = {}): Promise<void> {
  check(limit);
  await (opts.redis ?? sharedRedis()).del(rateLimitKey(limit, key));
}
