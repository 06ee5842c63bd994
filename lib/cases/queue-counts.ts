import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { config } from "../config";
import { db, Prisma } from "../db";
import type { RequestContext } from "../http/request-context";
import { errFields, logger } from "../log";
import { keyPrefix, sharedRedis } from "../queue/connection";
import { DECIDED_COUNT_CAP, DECIDED_STATUSES, OPEN_STATUSES, type QueueCounts } from "./queue-types";
import { staffIdOf, utc } from "./shared";

export { DECIDED_COUNT_CAP };

type SharedCounts = Omit<QueueCounts, "mine" | "countedAt">;

const list = (statuses: readonly string[]) => Prisma.join(statuses.map((s) => Prisma.sql`${s}::"CaseStatus"`));
const COUNTS_KEY = `${keyPrefix}queue:counts`;
const LOCK_KEY = `${keyPrefix}queue:counts:lock`;
/** A recount that takes longer than this lets another process start one. */
const LOCK_MS = 15_000;

/**
 * The views everyone shares, in one pass over the open cases (decidedAt IS NULL: the partial
 * indexes' predicate, see prisma/schema.prisma), the decided count capped (DECIDED_COUNT_CAP) and
 * the unmatched emails. The definitions match viewWhere in queue-filters.ts. About 0.3 s at 230,000
 * open cases, which is why queueCounts shares the result for QUEUE_COUNTS_MAX_AGE_SECONDS.
 */
async function countShared(now: Date): Promise<SharedCounts> {
  const [row] = await db.$queryRaw<SharedCounts[]>`
    SELECT
      count(*) FILTER (WHERE "assigneeId" IS NULL)::int AS unassigned,
      count(*) FILTER (WHERE "slaBreachedAt" IS NOT NULL OR "slaDueAt" < ${utc(now)})::int AS breaching,
      count(*) FILTER (WHERE status = 'AWAITING_CUSTOMER')::int AS awaiting_customer,
      count(*) FILTER (WHERE status IN ('ESCALATED', 'PENDING_SECOND_APPROVAL'))::int AS escalated,
      count(*)::int AS open,
      (SELECT count(*)::int FROM (SELECT 1 FROM "ReviewCase" WHERE "decidedAt" IS NOT NULL AND status IN (${list(DECIDED_STATUSES)}) LIMIT ${DECIDED_COUNT_CAP + 1}) d) AS decided,
      (SELECT count(*)::int FROM "InboundEmail" WHERE status = 'UNMATCHED') AS "unmatchedEmails"
    FROM "ReviewCase" WHERE "decidedAt" IS NULL AND status IN (${list(OPEN_STATUSES)})`;
  return row;
}

/** The caller's own open cases: a range of the (assigneeId, …) partial index. */
async function countMine(staffId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "ReviewCase" WHERE "assigneeId" = ${staffId}::uuid AND "decidedAt" IS NULL AND status IN (${list(OPEN_STATUSES)})`;
  return row.n;
}

interface Stored {
  at: number;
  counts: SharedCounts;
}
type Counted = { counts: SharedCounts; at: Date };

async function readStored(): Promise<Stored | null> {
  const raw = await sharedRedis().get(COUNTS_KEY);
  return raw ? (JSON.parse(raw) as Stored) : null;
}
const fromStored = (s: Stored): Counted => ({ counts: s.counts, at: new Date(s.at) });

/** How long a caller with no counts at all waits for another process's recount before counting itself. */
const WAIT_FOR_RECOUNT_MS = 5_000;

/** The recount another process holds the lock for; null when it does not finish in time (or Redis fails). */
async function awaitOtherRecount(since: number): Promise<Counted | null> {
  for (let waited = 0; waited < WAIT_FOR_RECOUNT_MS; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    const stored = await readStored().catch(() => null);
    if (stored && stored.at >= since) return fromStored(stored);
  }
  return null;
}

const countNow = async (): Promise<Counted> => {
  const at = new Date();
  return { counts: await countShared(at), at };
};

async function recount(maxAgeMs: number): Promise<Counted> {
  const at = new Date();
  const counts = await countShared(at);
  await sharedRedis()
    .set(COUNTS_KEY, JSON.stringify({ at: at.getTime(), counts } satisfies Stored), "PX", Math.max(maxAgeMs * 20, 60_000))
    .catch(() => undefined);
  return { counts, at };
}

/** This process's recount in flight (at most one). */
let inFlight: Promise<Counted> | null = null;

/** Starts this process's recount unless one runs; the lock across processes is taken by the caller. */
function startRecount(maxAgeMs: number): Promise<Counted> {
  if (inFlight) return inFlight;
  const run = recount(maxAgeMs).finally(() => {
    inFlight = null;
    void sharedRedis()
      .del(LOCK_KEY)
      .catch(() => undefined);
  });
  inFlight = run;
  return run;
}

/**
 * The shared counts, recounted at most every `maxAgeMs` and never on a caller's time once there
 * are any: a caller that finds them stale gets them as they are, and the one that wins a Redis lock
 * (one across every web process) starts the recount in the background for the next callers. Only
 * when there are no counts at all (a cold start) do callers wait, all for one recount. With Redis
 * down each caller counts for itself (slower, never wrong).
 */
async function sharedCounts(maxAgeMs: number): Promise<Counted> {
  if (maxAgeMs <= 0) return countNow();
  let stored: Stored | null;
  let won: boolean;
  const since = Date.now();
  try {
    stored = await readStored();
    if (stored && since - stored.at < maxAgeMs) return fromStored(stored);
    won = !inFlight && (await sharedRedis().set(LOCK_KEY, "1", "PX", LOCK_MS, "NX")) === "OK";
  } catch (err) {
    logger.warn({ ...errFields(err) }, "queue counts: Redis unavailable; counting without the shared cache");
    return countNow();
  }
  if (won) {
    const run = startRecount(maxAgeMs);
    if (!stored) return run;
    run.catch((err: unknown) => logger.warn({ ...errFields(err) }, "queue counts: background recount failed"));
    return fromStored(stored);
  }
  if (stored) return fromStored(stored);
  if (inFlight) return inFlight;
  return (await awaitOtherRecount(since - maxAgeMs)) ?? startRecount(maxAgeMs);
}

/**
 * How many cases each saved view holds, plus inbound emails waiting for a manual link. "My cases"
 * is counted on every call; the other views are the same for everyone and are recounted at most
 * every QUEUE_COUNTS_MAX_AGE_SECONDS (countedAt says when). `opts.now` counts as of that instant,
 * uncached (tests, reports).
 */
export async function queueCounts(actor: Actor, opts: { request?: RequestContext; now?: Date; maxAgeMs?: number } = {}): Promise<QueueCounts> {
  const { actor: staff } = await requireStaff(actor, "queue.read", { request: opts.request });
  const me = staffIdOf(staff);
  const [shared, mine] = await Promise.all([
    opts.now ? countShared(opts.now).then((counts) => ({ counts, at: opts.now as Date })) : sharedCounts(opts.maxAgeMs ?? config.QUEUE_COUNTS_MAX_AGE_SECONDS * 1000),
    countMine(me),
  ]);
  return { mine, ...shared.counts, countedAt: shared.at.toISOString() };
}
