// A realistic audit trail for `npm run bench -- audit-export`: staff, accounts and cases generated
// in SQL, then a hash chain of `total` entries whose rows look like the real mix (agents' case
// actions through the console and API tokens, denied attempts, system jobs), each hashed exactly
// as appendAudit hashes (verifyChain proves it). Bench database only: no chain lock is taken.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { GENESIS_HASH, entryHash, type ChainedFields } from "../../lib/audit/hash";

export interface ChainRefs {
  staff: { id: string; role: "AGENT" | "SUPERVISOR"; tokenId: string }[];
  cases: { id: string; number: number; accountId: string }[];
}

/** 20 staff members with a token each, and `cases` cases on as many accounts. */
export async function seedChainRefs(client: pg.Client, cases: number): Promise<ChainRefs> {
  const staff = await client.query<{ id: string; role: "AGENT" | "SUPERVISOR" }>(`
    INSERT INTO "StaffUser" (id, email, name, role, status, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'bench-staff-' || i || '@gatehouse.test', 'Bench Staff ' || i, (CASE WHEN i % 5 = 0 THEN 'SUPERVISOR' ELSE 'AGENT' END)::"StaffRole", 'ACTIVE', now(), now()
    FROM generate_series(1, 20) i RETURNING id::text AS id, role::text AS role`);
  await client.query(`
    INSERT INTO "Account" (id, uid, email, "emailNormalized", "kycStatus", "realName", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'A' || lpad(i::text, 9, '0'), 'audit' || i || '@bench.test', 'audit' || i || '@bench.test', 'VERIFIED', 'Bench Customer ' || i, now(), now()
    FROM generate_series(1, $1::int) i`, [cases]);
  const rows = await client.query<{ id: string; number: number; accountId: string }>(`
    INSERT INTO "ReviewCase" (id, "accountId", status, priority, "slaDueAt", version, "riskFlags", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), a.id, 'IN_REVIEW', 'NORMAL', now() + interval '4 hours', 1, '{}', now(), now() FROM "Account" a
    RETURNING id::text AS id, number, "accountId"::text AS "accountId"`);
  return { staff: staff.rows.map((s) => ({ ...s, tokenId: randomUUID() })), cases: rows.rows };
}

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** The columns appendAudit would write for entry number `i` (everything but seq, prevHash and hash). */
function entryFields(i: number, refs: ChainRefs, occurredAt: Date): Omit<ChainedFields, "seq" | "prevHash"> {
  const staff = refs.staff[i % refs.staff.length];
  const c = refs.cases[(i * 7919) % refs.cases.length];
  const ref = `GH-${String(c.number).padStart(6, "0")}`;
  const request = { ip: `203.0.113.${i % 250}`, userAgent: UA, requestId: randomUUID() };
  const base = { occurredAt, targetType: "ReviewCase", targetId: c.id, caseId: c.id, accountId: c.accountId, outcome: "SUCCESS" as const, ...request };
  const kind = i % 20;
  if (kind < 9) {
    return { ...base, actorType: "STAFF", actorId: staff.id, actorRole: staff.role, action: kind % 3 ? "case.claimed" : "case.note_added", data: kind % 3 ? { caseId: c.id, ref, via: "next", statusBefore: "NEW", statusAfter: "IN_REVIEW" } : { caseId: c.id, ref, noteId: randomUUID(), length: 40 + (i % 400) } };
  }
  if (kind < 13) {
    return {
      ...base,
      actorType: "API_TOKEN",
      actorId: `${staff.id}/token:${staff.tokenId}`,
      actorRole: staff.role,
      action: "case.decided",
      data: { caseId: c.id, ref, decision: "APPROVED", statusBefore: "IN_REVIEW", statusAfter: "APPROVED", reasonCodes: ["ID_MATCH"], deviceId: null, approvalId: null, override: false, riskFlags: [], versionAfter: 3 },
    };
  }
  if (kind < 15) {
    return { ...base, targetType: "case", actorType: "STAFF", actorId: staff.id, actorRole: staff.role, action: "auth.denied", outcome: "DENIED", data: { permission: "case.decide", reason: "only the assignee may act on this case", resourceType: "case", resourceId: c.id } };
  }
  return { occurredAt, actorType: "SYSTEM", actorId: "scheduler", actorRole: null, action: "outbox.pruned", targetType: null, targetId: null, caseId: null, accountId: null, outcome: "SUCCESS", ip: null, userAgent: null, requestId: `scheduler-${randomUUID()}`, data: { deleted: i % 500, publishedBefore: occurredAt.toISOString() } };
}

const COLUMNS: [string, string][] = [
  ["seq", "bigint"], ["occurredAt", "timestamp(3)"], ["actorType", '"ActorType"'], ["actorId", "text"], ["actorRole", '"StaffRole"'], ["action", "text"],
  ["targetType", "text"], ["targetId", "text"], ["caseId", "uuid"], ["accountId", "uuid"], ["outcome", '"AuditOutcome"'],
  ["ip", "text"], ["userAgent", "text"], ["requestId", "text"], ["data", "jsonb"], ["prevHash", "text"], ["hash", "text"],
];
const INSERT = `INSERT INTO "AuditEntry" (${COLUMNS.map(([n]) => `"${n}"`).join(", ")}) SELECT * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")})`;

/**
 * Grows the chain from its head to `total` entries. The secondary indexes are dropped for the load
 * and rebuilt after it (one sort per index instead of a million random inserts), and the next batch
 * is hashed while the previous one is inserted. Ends with VACUUM ANALYZE, as a settled table is.
 */
export async function buildAuditChain(client: pg.Client, total: number, refs: ChainRefs, log: (m: string) => void, batch = 10_000): Promise<number> {
  const idx = await client.query<{ name: string; def: string }>(`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = '"AuditEntry"'::regclass AND NOT x.indisprimary AND NOT x.indisunique`);
  for (const { name } of idx.rows) await client.query(`DROP INDEX "${name}"`);

  const head = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM "AuditEntry" ORDER BY seq DESC LIMIT 1`);
  let seq = BigInt(head.rows[0]?.seq ?? 0);
  let prevHash = head.rows[0]?.hash ?? GENESIS_HASH;
  const start = seq;
  const t0 = Date.now() - total * 1000; // one entry a second, ending now
  let inflight: Promise<unknown> | null = null;
  while (seq < BigInt(total)) {
    const cols = COLUMNS.map((): (string | null)[] => []);
    for (let k = 0; k < batch && seq < BigInt(total); k++) {
      seq++;
      const f: ChainedFields = { ...entryFields(Number(seq), refs, new Date(t0 + Number(seq) * 1000)), seq, prevHash };
      f.data = JSON.parse(JSON.stringify(f.data));
      const hash = entryHash(f);
      const row = [f.seq.toString(), f.occurredAt.toISOString(), f.actorType, f.actorId, f.actorRole, f.action, f.targetType, f.targetId, f.caseId, f.accountId, f.outcome, f.ip, f.userAgent, f.requestId, JSON.stringify(f.data), prevHash, hash];
      row.forEach((v, c) => cols[c].push(v));
      prevHash = hash;
    }
    await inflight;
    inflight = client.query(INSERT, cols);
    if (seq % 200_000n < BigInt(batch)) log(`  ${seq.toLocaleString("en-US")} entries`);
  }
  await inflight;
  log(`  rebuilding ${idx.rows.length} indexes, VACUUM ANALYZE`);
  for (const { def } of idx.rows) await client.query(def);
  await client.query(`VACUUM ANALYZE "AuditEntry"`);
  return Number(seq - start);
}
