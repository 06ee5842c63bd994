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

async function readStored(): Promise<Stored | null> {
  const raw = await sharedRedis().get(COUNTS_KEY);
  return raw ? (JSON.parse(raw) as Stored) : null;
}

/**
 * The shared counts at most `maxAgeMs` old, recounted by one caller at a time across every web
 * process (a Redis lock); the others keep showing the previous counts meanwhile, or count for
 * themselves when there are none. With Redis down every caller counts (slower, never wrong).
 */
async function sharedCounts(maxAgeMs: number): Promise<{ counts: SharedCounts; at: Date }> {
  const fresh = async () => {
    const at = new Date();
    return { counts: await countShared(at), at };
  };
  if (maxAgeMs <= 0) return fresh();
  let stored: Stored | null = null;
  try {
    stored = await readStored();
    if (stored && Date.now() - stored.at < maxAgeMs) return { counts: stored.counts, at: new Date(stored.at) };
    const won = await sharedRedis().set(LOCK_KEY, "1", "PX", LOCK_MS, "NX");
    if (!won && stored) return { counts: stored.counts, at: new Date(stored.at) };
  } catch (err) {
    logger.warn({ ...errFields(err) }, "queue counts: Redis unavailable; counting without the shared cache");
    return fresh();
  }
  try {
    const out = await fresh();
    await sharedRedis().set(COUNTS_KEY, JSON.stringify({ at: out.at.getTime(), counts: out.counts } satisfies Stored), "PX", Math.max(maxAgeMs * 20, 60_000));
    return out;
  } finally {
    await sharedRedis().del(LOCK_KEY).catch(() => undefined);
  }
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
