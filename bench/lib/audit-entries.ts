// The audit entries the audit-append scenario writes, and a bulk extender that grows the chain to
// a given length for the verify measurement (appending 100,000 entries one transaction at a time
// would take minutes and measure nothing new).
import { randomUUID } from "node:crypto";
import type { AuditInput } from "../../lib/audit";
import { GENESIS_HASH, entryHash, type ChainedFields } from "../../lib/audit/hash";
import type { Db } from "../../lib/db";

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
 * Continues the chain from its head up to `total` entries with createMany batches, hashed exactly
 * as appendAudit hashes (verifyChain proves it). Bench database only: no lock is taken, so nothing
 * may append concurrently. Returns how many entries were added.
 */
export async function extendChain(db: Db, total: number, batch = 2_000): Promise<number> {
  const head = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  let seq = head?.seq ?? 0n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const start = seq;
  const base = Date.now();
  while (seq < BigInt(total)) {
    const rows = [];
    for (let k = 0; k < batch && seq < BigInt(total); k++) {
      seq++;
      const fields = chainedFields(Number(seq), seq, new Date(base + Number(seq - start)), prevHash);
      prevHash = entryHash(fields);
      rows.push({ ...fields, data: fields.data as object, hash: prevHash });
    }
    await db.auditEntry.createMany({ data: rows });
  }
  return Number(seq - start);
}
