import pg from "pg";
import { formatCaseRef } from "../../cases/case-ref";
import { config } from "../../config";
import { db, Prisma } from "../../db";
import { auditWhereSql, hasAuditFilters, type AuditFilters } from "./filters";

// Reading audit entries for exports and search: one SELECT that joins the names people need (the
// actor's name, the case reference, the account uid) and hands every column back as text, so the
// exporter formats rows without parsing dates or JSON (a 1M-row export is mostly this loop).

/** One audit entry as exports write it: text columns, null where the entry has no value. */
export interface AuditExportRow {
  seq: string;
  /** ISO 8601, UTC, milliseconds. */
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  /** The staff member's name (also for their API tokens); null for system actors. */
  actorName: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  caseId: string | null;
  caseRef: string | null;
  accountId: string | null;
  accountUid: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The entry's data as JSON text (jsonb's own rendering). */
  data: string;
  prevHash: string;
  hash: string;
}

// The page is cut first (ORDER BY seq LIMIT n on the primary key, or on a filter's (column, seq)
// index), then joined: the joins touch at most n rows whatever the planner thinks of the tables.
// The staff id is the actor id (STAFF) or its part before "/token:" (API_TOKEN), compared as text
// so a malformed actor id can never make a cast fail. Columns come back in tuple order.
function selectSql(where: Prisma.Sql, order: Prisma.Sql, limit: number): Prisma.Sql {
  return Prisma.sql`
  SELECT a.seq::text AS seq, to_char(a."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", a."actorType"::text AS "actorType",
    a."actorId", a."actorRole"::text AS "actorRole", s.name AS "actorName", a.action, a.outcome::text AS outcome, a."targetType",
    a."targetId", a."caseId"::text AS "caseId", c.number AS "caseNumber", a."accountId"::text AS "accountId", acc.uid AS "accountUid",
    a.ip, a."userAgent", a."requestId", a.data::text AS data, a."prevHash", a.hash
  FROM (SELECT * FROM "AuditEntry" a WHERE ${where} ORDER BY a.seq ${order} LIMIT ${limit}) a
  LEFT JOIN "StaffUser" s ON a."actorType" IN ('STAFF', 'API_TOKEN') AND s.id::text = split_part(a."actorId", '/', 1)
  LEFT JOIN "ReviewCase" c ON c.id = a."caseId"
  LEFT JOIN "Account" acc ON acc.id = a."accountId"
  ORDER BY a.seq ${order}`;
}

/** The column names of selectSql, in order. */
export const TUPLE_KEYS = ["seq", "occurredAt", "actorType", "actorId", "actorRole", "actorName", "action", "outcome", "targetType", "targetId", "caseId", "caseNumber", "accountId", "accountUid", "ip", "userAgent", "requestId", "data", "prevHash", "hash"] as const;

type S = string;
type N = string | null;
/** One row of selectSql, in column order (pg rowMode "array"): caseNumber at index 11. */
export type AuditTuple = [S, S, S, N, N, N, S, S, N, N, N, number | null, N, N, N, N, N, S, S, S];

/** An entry's values in EXPORT_COLUMNS order, all text (the tuple with the case number made a reference). */
export type ExportValues = (string | null)[];

const CASE_AT = 11;

/** The tuple, in place, as ExportValues (saves an object per row on the export's hot path). */
export function tupleToValues(t: (string | number | null)[]): ExportValues {
  const n = t[CASE_AT];
  t[CASE_AT] = typeof n === "number" ? formatCaseRef(n) : null;
  return t as ExportValues;
}

export function valuesToRow(v: ExportValues): AuditExportRow {
  // Columns that are NOT NULL in the table (seq, times, enums, action, data, hashes).
  const s = (i: number) => v[i] ?? "";
  return {
    seq: s(0),
    occurredAt: s(1),
    actorType: s(2),
    actorId: v[3],
    actorRole: v[4],
    actorName: v[5],
    action: s(6),
    outcome: s(7),
    targetType: v[8],
    targetId: v[9],
    caseId: v[10],
    caseRef: v[11],
    accountId: v[12],
    accountUid: v[13],
    ip: v[14],
    userAgent: v[15],
    requestId: v[16],
    data: s(17),
    prevHash: s(18),
    hash: s(19),
  };
}

/** Entries matching `filters` with afterSeq < seq ≤ upperSeq (or the reverse walk), `limit` of them. */
export function pageSql(filters: AuditFilters, range: { afterSeq?: bigint; beforeSeq?: bigint; upperSeq?: bigint }, order: "asc" | "desc", limit: number): Prisma.Sql {
  const conds = [auditWhereSql(filters)];
  if (range.afterSeq !== undefined) conds.push(Prisma.sql`a.seq > ${range.afterSeq}`);
  if (range.beforeSeq !== undefined) conds.push(Prisma.sql`a.seq < ${range.beforeSeq}`);
  if (range.upperSeq !== undefined) conds.push(Prisma.sql`a.seq <= ${range.upperSeq}`);
  return selectSql(Prisma.join(conds, " AND "), order === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`, limit);
}

/** The chain head now: the export's fixed upper bound, and the hash the manifest quotes. */
export async function readChainHead(): Promise<{ seq: bigint; hash: string } | null> {
  const rows = await db.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM "AuditEntry" ORDER BY seq DESC LIMIT 1`;
  return rows[0] ?? null;
}

export interface ExportRange {
  /** Entries that match, up to `cap` (a count of cap means "cap or more"). */
  rows: number;
  firstSeq: bigint | null;
  lastSeq: bigint | null;
}

/**
 * How many entries match, counting no further than `cap` (so refusing a huge range costs what
 * counting `cap` entries costs), with the first and last matching seq when under the cap. Without
 * filters seq itself is the count: the chain has no gaps.
 */
export async function countExportRange(filters: AuditFilters, upperSeq: bigint, cap: number): Promise<ExportRange> {
  if (!hasAuditFilters(filters)) {
    const [first] = await db.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "AuditEntry" WHERE seq <= ${upperSeq} ORDER BY seq LIMIT 1`;
    if (!first) return { rows: 0, firstSeq: null, lastSeq: null };
    return { rows: Math.min(cap, Number(upperSeq - first.seq + 1n)), firstSeq: first.seq, lastSeq: upperSeq };
  }
  const [r] = await db.$queryRaw<{ rows: number; first: bigint | null; last: bigint | null }[]>`
    SELECT count(*)::int AS rows, min(seq) AS first, max(seq) AS last
    FROM (SELECT a.seq FROM "AuditEntry" a WHERE ${auditWhereSql(filters)} AND a.seq <= ${upperSeq} LIMIT ${cap}) t`;
  return { rows: r.rows, firstSeq: r.first, lastSeq: r.last };
}

export interface ExportPagesOptions {
  /** Start after this seq (resume, or skip to the first match); default 0. */
  afterSeq?: bigint;
  /** Rows per page (default 2,000). */
  pageSize?: number;
  databaseUrl?: string;
}

/**
 * The matching entries with seq ≤ upperSeq, oldest first, as pages of at most pageSize rows, each
 * row its values in EXPORT_COLUMNS order. Each page is its own short query (keyset on seq, no
 * transaction held open); entries up to upperSeq never change, so the pages add up to one
 * consistent snapshot. The next page is read while the caller formats this one. Reads through its
 * own pg connection, closed when the loop ends or breaks. Constant memory: two pages at most.
 */
export async function* exportValuePages(filters: AuditFilters, upperSeq: bigint, opts: ExportPagesOptions = {}): AsyncGenerator<ExportValues[], void, undefined> {
  const pageSize = opts.pageSize ?? 2_000;
  const client = new pg.Client({ connectionString: opts.databaseUrl ?? config.DATABASE_URL });
  await client.connect();
  const fetchPage = (after: bigint) => {
    const q = pageSql(filters, { afterSeq: after, upperSeq }, "asc", pageSize);
    return client.query<AuditTuple>({ text: q.text, values: q.values, rowMode: "array" }).then((r) => r.rows);
  };
  let pending: Promise<AuditTuple[]> | null = fetchPage(opts.afterSeq ?? 0n);
  try {
    while (pending) {
      const page: AuditTuple[] = await pending;
      pending = null;
      if (page.length === pageSize) pending = fetchPage(BigInt(page[page.length - 1][0]));
      if (page.length) yield page.map(tupleToValues);
    }
  } finally {
    // The caller stopped early: let the prefetch finish before the connection closes.
    if (pending) await pending.catch(() => undefined);
    await client.end();
  }
}

/** exportValuePages with each row as an AuditExportRow object (what the background export and tools use). */
export async function* exportPages(filters: AuditFilters, upperSeq: bigint, opts: ExportPagesOptions = {}): AsyncGenerator<AuditExportRow[], void, undefined> {
  for await (const page of exportValuePages(filters, upperSeq, opts)) yield page.map(valuesToRow);
}
