import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { CaseEventType, CaseStatus, StaffRole } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { errFields, logger } from "../log";
import { keyPrefix, sharedRedis } from "../queue/connection";
import { formatCaseRef } from "./case-ref";
import { caseNumberOf, parseInput, staffIdOf, ZCaseRefText } from "./shared";

// Presence: who has a case open right now ("Dana is viewing"). Each open tab heartbeats every
// HEARTBEAT_SECONDS; an entry lives PRESENCE_TTL_SECONDS, so a closed tab disappears on its own.
// Presence is not a state change of the case: heartbeats and leaves write no audit entry and no
// timeline event (refusals still do, through requireStaff). Viewer names come from the Staff table
// (staff data, not customer personal data). Redis being down never fails the page: the answer says
// `available: false` and still carries the case's version, which the heartbeat exists to report
// so that a stale tab learns it is stale before it writes.

export const HEARTBEAT_SECONDS = 15;
export const PRESENCE_TTL_SECONDS = 45;
/** A Redis call slower than this counts as "presence unavailable" rather than holding the request. */
const REDIS_TIMEOUT_MS = 1_000;

type Opts = { request?: RequestContext; now?: Date; redis?: Redis };

export interface CaseViewer {
  staffId: string;
  name: string;
  role: StaffRole;
  /** First heartbeat of this visit (ISO). */
  since: string;
  isAssignee: boolean;
}

export interface PresenceState {
  /** False when Redis could not be reached: `viewers` is then empty, the case fields still hold. */
  available: boolean;
  /** Everyone else viewing the case, longest first. Never the caller. */
  viewers: CaseViewer[];
  case: { ref: string; version: number; status: CaseStatus; assignee: { id: string; name: string } | null };
  /** The caller sent a version and the case has moved on since. */
  stale: boolean;
  /** With `stale`: the latest change of state or owner, and who made it (null: the system or the customer). */
  lastChange: { type: CaseEventType; at: string; by: { id: string; name: string } | null; byYou: boolean } | null;
  heartbeatSeconds: number;
}

export const ZHeartbeatInput = z.strictObject({
  ref: ZCaseRefText,
  version: z.number("version: the case version your page shows").int().min(1).optional(),
});
export type THeartbeatInput = { ref: string; version?: number };
export const ZLeaveInput = z.strictObject({ ref: ZCaseRefText });
export type TLeaveInput = { ref: string };

/** Timeline events that come with a version bump (notes, SLA marks and emails do not). */
const VERSIONED_EVENTS: CaseEventType[] = ["CLAIMED", "ASSIGNED", "RELEASED", "ESCALATED", "APPROVAL_REQUESTED", "APPROVED", "REJECTED", "REOPENED", "RESUBMISSION_REQUESTED", "CUSTOMER_REPLIED"];

// KEYS[1]: sorted set staffId → expiry (ms). KEYS[2]: hash staffId → first heartbeat of the visit (ms).
// ARGV: now ("" = Redis TIME, one clock for every web process), ttlMs, member ("" = read only),
// mode ("beat" | "leave"). Drops expired entries, applies the change, and returns
// [id, expiresAt, since, …] for everyone still present, in one atomic step.
const SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local ttl = tonumber(ARGV[2])
local me = ARGV[3]
local cutoff = string.format('%d', now)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)) do redis.call('HDEL', KEYS[2], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
if me ~= '' and ARGV[4] == 'leave' then
  redis.call('ZREM', KEYS[1], me)
  redis.call('HDEL', KEYS[2], me)
elseif me ~= '' then
  redis.call('ZADD', KEYS[1], string.format('%d', now + ttl), me)
  redis.call('HSETNX', KEYS[2], me, cutoff)
end
local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  out[#out + 1] = live[i]
  out[#out + 1] = live[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], live[i]) or cutoff
end
if #live > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
else
  redis.call('DEL', KEYS[1], KEYS[2])
end
return out
`;
const SCRIPT_SHA = createHash("sha1").update(SCRIPT).digest("hex");

/** The Redis key of a case's presence set (the `since` hash sits beside it). */
export function presenceKey(caseId: string): string {
  return `${keyPrefix}presence:case:${caseId}`;
}

interface Entry {
  staffId: string;
  expiresAt: number;
  since: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("presence: Redis timed out")), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function runScript(redis: Redis, caseId: string, member: string, mode: "beat" | "leave", now?: Date): Promise<Entry[]> {
  const key = presenceKey(caseId);
  const args = [key, `${key}:since`, now ? String(now.getTime()) : "", PRESENCE_TTL_SECONDS * 1000, member, mode] as const;
  const call = async (): Promise<unknown> => {
    try {
      return await redis.evalsha(SCRIPT_SHA, 2, ...args);
    } catch (err) {
      // First use on this Redis (or after SCRIPT FLUSH / a restart): send the body once.
      if (err instanceof Error && err.message.startsWith("NOSCRIPT")) return redis.eval(SCRIPT, 2, ...args);
      throw err;
    }
  };
  const reply = await withTimeout(call(), REDIS_TIMEOUT_MS);
  if (!Array.isArray(reply) || reply.length % 3 !== 0) throw new Error("presence: unexpected reply from the script");
  const entries: Entry[] = [];
  for (let i = 0; i < reply.length; i += 3) entries.push({ staffId: String(reply[i]), expiresAt: Number(reply[i + 1]), since: Number(reply[i + 2]) });
  return entries;
}

/** The script, or null (logged with ids only) when Redis is down: presence degrades, the page does not fail. */
async function tryScript(redis: Redis, caseId: string, member: string, mode: "beat" | "leave", now?: Date): Promise<Entry[] | null> {
  try {
    return await runScript(redis, caseId, member, mode, now);
  } catch (err) {
    logger.warn({ caseId, ...errFields(err) }, "case presence unavailable");
    return null;
  }
}

async function loadCase(number: number) {
  const c = await db.reviewCase.findUnique({
    where: { number },
    select: { id: true, number: true, version: true, status: true, assignee: { select: { id: true, name: true } } },
  });
  if (!c) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`);
  return c;
}

async function lastVersionedChange(caseId: string, staffId: string): Promise<PresenceState["lastChange"]> {
  const e = await db.caseEvent.findFirst({
    where: { caseId, type: { in: VERSIONED_EVENTS } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { type: true, createdAt: true, actor: { select: { id: true, name: true } } },
  });
  return e ? { type: e.type, at: e.createdAt.toISOString(), by: e.actor, byYou: e.actor?.id === staffId } : null;
}

/**
 * Records that the caller has the case open (until PRESENCE_TTL_SECONDS without another
 * heartbeat) and answers who else is viewing it, plus the case's current version and status.
 * With `version` (the one the caller's page shows) it says whether that page is stale and what
 * changed it. Needs queue.read; writes no audit entry (presence is not a change to the case).
 */
export async function heartbeat(actor: Actor, input: THeartbeatInput, opts: Opts = {}): Promise<PresenceState> {
  const { actor: staff } = await requireStaff(actor, "queue.read", { request: opts.request });
  const { ref, version } = parseInput(ZHeartbeatInput, input);
  const c = await loadCase(caseNumberOf(ref));
  const me = staffIdOf(staff);
  const entries = await tryScript(opts.redis ?? sharedRedis(), c.id, me, "beat", opts.now);
  const others = (entries ?? []).filter((e) => e.staffId !== me);
  const staffRows = others.length
    ? await db.staffUser.findMany({ where: { id: { in: others.map((e) => e.staffId) } }, select: { id: true, name: true, role: true } })
    : [];
  const byId = new Map(staffRows.map((s) => [s.id, s]));
  const viewers = others
    .flatMap((e) => {
      const s = byId.get(e.staffId);
      return s ? [{ staffId: s.id, name: s.name, role: s.role, since: new Date(e.since).toISOString(), isAssignee: c.assignee?.id === s.id }] : [];
    })
    .sort((a, b) => a.since.localeCompare(b.since) || a.staffId.localeCompare(b.staffId));
  const stale = version !== undefined && version !== c.version;
  return {
    available: entries !== null,
    viewers,
    case: { ref: formatCaseRef(c.number), version: c.version, status: c.status, assignee: c.assignee },
    stale,
    lastChange: stale ? await lastVersionedChange(c.id, me) : null,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  };
}

/**
 * Removes the caller from the case's viewers at once (tab closed, page left) instead of waiting
 * for the entry to expire. `left: false` when Redis was unreachable (it expires anyway). Needs
 * queue.read; no audit entry.
 */
export async function leave(actor: Actor, input: TLeaveInput, opts: Opts = {}): Promise<{ left: boolean }> {
  const { actor: staff } = await requireStaff(actor, "queue.read", { request: opts.request });
  const { ref } = parseInput(ZLeaveInput, input);
  const c = await loadCase(caseNumberOf(ref));
  const entries = await tryScript(opts.redis ?? sharedRedis(), c.id, staffIdOf(staff), "leave", opts.now);
  return { left: entries !== null };
}
