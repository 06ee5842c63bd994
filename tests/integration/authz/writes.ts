import { db } from "@/lib/db";

// Which rows a call wrote: row counts of every table before and after it. Not counted, because
// every call makes them by design: a Bearer token's use record (api_token.used) and audited
// refusals (outcome DENIED). Updates (last-active times, TOTP steps) are not inserts and do not show.

const NOISE = `outcome <> 'DENIED' AND action <> 'api_token.used'`;

let tables: Promise<string[]> | undefined;

export interface RowCounts {
  counts: Map<string, number>;
  auditSeq: bigint;
}

export async function rowCounts(): Promise<RowCounts> {
  tables ??= db
    .$queryRawUnsafe<{ tablename: string }[]>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY 1")
    .then((rows) => rows.map((r) => r.tablename));
  const sql = (await tables)
    .map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"${t === "AuditEntry" ? ` WHERE ${NOISE}` : ""}`)
    .join(" UNION ALL ");
  const [rows, seq] = await Promise.all([
    db.$queryRawUnsafe<{ t: string; n: number }[]>(sql),
    db.$queryRawUnsafe<{ s: bigint | null }[]>(`SELECT max(seq) AS s FROM "AuditEntry"`),
  ]);
  return { counts: new Map(rows.map((r) => [r.t, r.n])), auditSeq: seq[0]?.s ?? 0n };
}

/** "Table +n" for every table whose row count changed since `before`; new audit entries by action. */
export async function written(before: RowCounts): Promise<string[]> {
  const after = await rowCounts();
  const changed = [...after.counts].filter(([t, n]) => n !== (before.counts.get(t) ?? 0)).map(([t, n]) => `${t} ${n > (before.counts.get(t) ?? 0) ? "+" : ""}${n - (before.counts.get(t) ?? 0)}`);
  if (!changed.some((c) => c.startsWith("AuditEntry "))) return changed;
  const actions = await db.$queryRawUnsafe<{ action: string }[]>(`SELECT action FROM "AuditEntry" WHERE seq > $1 AND ${NOISE} ORDER BY seq`, before.auditSeq);
  return changed.map((c) => (c.startsWith("AuditEntry ") ? `${c} (${actions.map((a) => a.action).join(", ")})` : c));
}
