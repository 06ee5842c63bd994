// The audit entries the audit-append scenario writes, and a bulk extender that grows the chain to
// a given length for the verify measurement (appending 100,000 entries one transaction at a time
// would take minutes and measure nothing new).
import { randomUUID } from "node:crypto";
import type { AuditInput } from "../../lib/audit";
import { GENESIS_HASH, entryHash, type ChainedFields } from "../../lib/audit/hash";
import pg from "pg";

export const BENCH_ACTOR = { type: "SYSTEM", id: "bench" } as const;

// A SYSTEM action carrying a full request context and case/account ids, so an entry is as wide
// as a typical staff case action's (about 600 bytes) and every audit index is maintained.
const context = {
  ip: "203.0.113.24",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
};

export function benchEntry(i: number): AuditInput<"outbox.pruned"> {
  return {
    action: "outbox.pruned",
    data: { deleted: i % 500, publishedBefore: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() },
    actor: BENCH_ACTOR,
    target: { type: "OutboxMessage", id: String(i) },
    caseId: randomUUID(),
    accountId: randomUUID(),
    request: { requestId: `bench-${randomUUID()}`, ...context },
  };
}

/** The columns appendAudit would write for benchEntry(i) at `seq` (SYSTEM actor: no role). */
function chainedFields(i: number, seq: bigint, occurredAt: Date, prevHash: string): ChainedFields {
  const e = benchEntry(i);
  return {
    seq,
    occurredAt,
    actorType: "SYSTEM",
    actorId: BENCH_ACTOR.id,
    actorRole: null,
    action: e.action,
    targetType: e.target?.type ?? null,
    targetId: e.target?.id ?? null,
    caseId: e.caseId ?? null,
    accountId: e.accountId ?? null,
    outcome: "SUCCESS",
    ip: e.request?.ip ?? null,
    userAgent: e.request?.userAgent ?? null,
    requestId: e.request?.requestId ?? null,
    data: JSON.parse(JSON.stringify(e.data)),
    prevHash,
  };
}

/**
 * Continues the chain from its head up to `total` entries, hashed exactly as appendAudit hashes
 * (verifyChain proves it), with one unnest() INSERT per batch over a plain pg connection: Prisma's
 * createMany managed under 1,000 rows/s and hundreds of MiB here, which would swamp the run's
 * duration and peak RSS. Bench database only: no chain lock is taken, so nothing may append
 * concurrently. Returns how many entries were added.
 */
export async function extendChain(databaseUrl: string, total: number, batch = 5_000): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // pg hands bigint back as a string. (Casting in the select list would sort by the text alias.)
    const head = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM "AuditEntry" ORDER BY seq DESC LIMIT 1`);
    let seq = BigInt(head.rows[0]?.seq ?? 0);
    let prevHash = head.rows[0]?.hash ?? GENESIS_HASH;
    const start = seq;
    const base = Date.now();
    while (seq < BigInt(total)) {
      const cols = COLUMNS.map((): (string | null)[] => []);
      for (let k = 0; k < batch && seq < BigInt(total); k++) {
        seq++;
        const f = chainedFields(Number(seq), seq, new Date(base + Number(seq - start)), prevHash);
        prevHash = entryHash(f);
        // timestamp(3) without time zone: PostgreSQL ignores the trailing Z, storing UTC wall time as Prisma does.
        const row = [f.seq.toString(), f.occurredAt.toISOString(), f.actorType, f.actorId, f.action, f.targetType, f.targetId, f.caseId, f.accountId, f.outcome, f.ip, f.userAgent, f.requestId, JSON.stringify(f.data), f.prevHash, prevHash];
        row.forEach((v, c) => cols[c].push(v));
      }
      const names = COLUMNS.map(([name]) => `"${name}"`).join(", ");
      const arrays = COLUMNS.map(([, type], c) => `$${c + 1}::${type}[]`).join(", ");
      await client.query(`INSERT INTO "AuditEntry" (${names}) SELECT * FROM unnest(${arrays})`, cols);
    }
    return Number(seq - start);
  } finally {
    await client.end();
  }
}

const COLUMNS: [string, string][] = [
  ["seq", "bigint"], ["occurredAt", "timestamp(3)"], ["actorType", '"ActorType"'], ["actorId", "text"], ["action", "text"],
  ["targetType", "text"], ["targetId", "text"], ["caseId", "uuid"], ["accountId", "uuid"], ["outcome", '"AuditOutcome"'],
  ["ip", "text"], ["userAgent", "text"], ["requestId", "text"], ["data", "jsonb"], ["prevHash", "text"], ["hash", "text"],
];
