import pg from "pg";
import { config } from "../config";
import { GENESIS_HASH, entryHash, type ChainedFields } from "./hash";
import { checkAnchors, listAnchors, type AnchorProblem } from "./verify-anchors";

export type { AnchorProblem } from "./verify-anchors";

/** The entry where the chain breaks, as the verify page and CLI name it. */
export interface BrokenEntry {
  seq: bigint;
  action: string;
  occurredAt: Date;
}

export type ChainBreak =
  | { kind: "GAP"; seq: bigint; expectedSeq: bigint; message: string; entry: BrokenEntry | null }
  | { kind: "HASH_MISMATCH"; seq: bigint; message: string; entry: BrokenEntry }
  | { kind: "PREV_MISMATCH"; seq: bigint; message: string; entry: BrokenEntry };

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstSeq: bigint | null;
  lastSeq: bigint | null;
  headHash: string | null;
  firstBreak: ChainBreak | null;
  /** Anchors (AuditAnchor rows and objects under anchors/ in the audit bucket) in the range. */
  anchors: { checked: number; problems: AnchorProblem[] };
}

export interface VerifyOptions {
  fromSeq?: bigint;
  toSeq?: bigint;
  pageSize?: number;
  databaseUrl?: string;
  /** Compare anchors with the chain and with their objects in S3 (default true). */
  checkAnchors?: boolean;
}

type ChainRow = ChainedFields & { hash: string };

const TIMESTAMP = 1114; // timestamp without time zone: Prisma stores UTC
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === TIMESTAMP) return (v: string) => new Date(`${v.replace(" ", "T")}Z`);
    if (oid === INT8) return (v: string) => BigInt(v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

const COLUMNS = `seq, "occurredAt", "actorType", "actorId", "actorRole", action, "targetType", "targetId",
  "caseId"::text AS "caseId", "accountId"::text AS "accountId", outcome, ip, "userAgent", "requestId", data, "prevHash", hash`;
// Without an upper bound when none is asked for: a two-sided range makes the planner guess a tiny
// result and sort it on disk instead of walking the primary key (4× slower, measured).
const PAGE_SQL = `SELECT ${COLUMNS} FROM "AuditEntry" WHERE seq >= $1 ORDER BY seq LIMIT $2`;
const BOUNDED_PAGE_SQL = `SELECT ${COLUMNS} FROM "AuditEntry" WHERE seq >= $1 AND seq <= $3 ORDER BY seq LIMIT $2`;

/**
 * Recomputes the chain in seq order, in keyset pages (constant memory, no long transaction), and
 * names the first broken link: an edited entry (its hash no longer matches), a deleted one (a gap
 * in seq) or a reordered one (prevHash does not point at its predecessor). A sub-range starts from
 * the entry just before it, which must exist and be the one the first entry points at.
 * Then checks every anchor in the range: the anchored hash must be the entry's, and the write-once
 * object in the audit bucket must hold the same seq and hash (lib/audit/verify-anchors.ts).
 * Reads through its own pg connection: verification is CPU-bound and the ORM's row mapping would
 * double its cost.
 */
export async function verifyChain(opts: VerifyOptions = {}): Promise<VerifyResult> {
  const client = new pg.Client({ connectionString: opts.databaseUrl ?? config.DATABASE_URL, types });
  await client.connect();
  try {
    const fromSeq = opts.fromSeq ?? 1n;
    const anchors = opts.checkAnchors === false ? null : await listAnchors(client, fromSeq, opts.toSeq);
    const anchored = new Map<bigint, string>(); // seq → the entry's (verified) hash, for anchored seqs only
    const result = await walk(client, fromSeq, opts.toSeq, opts.pageSize ?? 5_000, anchors ? [...anchors.seqs].sort(cmp) : [], anchored);
    if (!anchors) return result;
    const problems = await checkAnchors(anchors, anchored, {
      // Anchors past the last entry read prove entries were cut off the end, unless the walk
      // stopped early (a break) or the range ends before them.
      verifiedThrough: result.firstBreak ? null : result.lastSeq ?? fromSeq - 1n,
      rangeEnd: opts.toSeq ?? null,
    });
    return { ...result, ok: result.ok && problems.length === 0, anchors: { checked: anchors.seqs.size, problems } };
  } finally {
    await client.end();
  }
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
const entryOf = (e: ChainRow): BrokenEntry => ({ seq: e.seq, action: e.action, occurredAt: e.occurredAt });

async function walk(client: pg.Client, fromSeq: bigint, toSeq: bigint | undefined, pageSize: number, anchorSeqs: bigint[], anchored: Map<bigint, string>): Promise<VerifyResult> {
  const result: VerifyResult = { ok: true, checked: 0, firstSeq: null, lastSeq: null, headHash: null, firstBreak: null, anchors: { checked: 0, problems: [] } };
  let expectedSeq = fromSeq;
  let prevHash = GENESIS_HASH;
  if (fromSeq > 1n) {
    // A sub-range is anchored on the entry just before it: it must still be there.
    const before = await client.query<{ hash: string }>(`SELECT hash FROM "AuditEntry" WHERE seq = $1`, [String(fromSeq - 1n)]);
    if (!before.rows[0]) {
      const first = await client.query<ChainRow>(`SELECT ${COLUMNS} FROM "AuditEntry" WHERE seq >= $1 ORDER BY seq LIMIT 1`, [String(fromSeq)]);
      const row = first.rows[0];
      if (!row || (toSeq !== undefined && row.seq > toSeq)) return result; // nothing in range
      const brk: ChainBreak = { kind: "GAP", seq: fromSeq - 1n, expectedSeq: fromSeq - 1n, message: `entry ${fromSeq - 1n}, just before the range, is missing (deleted?)`, entry: entryOf(row) };
      return { ...result, ok: false, firstBreak: brk };
    }
    prevHash = before.rows[0].hash;
  }
  let nextAnchor = 0;
  while (nextAnchor < anchorSeqs.length && anchorSeqs[nextAnchor] < fromSeq) nextAnchor++;
  const fetchPage = (from: bigint) =>
    (toSeq === undefined
      ? client.query<ChainRow>(PAGE_SQL, [String(from), pageSize])
      : client.query<ChainRow>(BOUNDED_PAGE_SQL, [String(from), pageSize, String(toSeq)])
    ).then((r) => r.rows);
  // The next page is read while this one is hashed: the database and the CPU work side by side.
  let pending = fetchPage(expectedSeq);
  for (;;) {
    const page = await pending;
    if (page.length === 0) break;
    const more = page.length === pageSize;
    if (more) pending = fetchPage(page[page.length - 1].seq + 1n);
    for (const e of page) {
      result.firstSeq ??= e.seq;
      let brk: ChainBreak | null = null;
      if (e.seq !== expectedSeq) brk = { kind: "GAP", seq: e.seq, expectedSeq, message: `entry ${expectedSeq} is missing (deleted?): the chain jumps to ${e.seq}`, entry: entryOf(e) };
      else if (e.prevHash !== prevHash) brk = { kind: "PREV_MISMATCH", seq: e.seq, message: `entry ${e.seq} does not follow entry ${e.seq - 1n} (reordered or inserted)`, entry: entryOf(e) };
      else if (entryHash(e) !== e.hash) brk = { kind: "HASH_MISMATCH", seq: e.seq, message: `entry ${e.seq} was changed after it was written`, entry: entryOf(e) };
      if (brk) {
        if (more) await pending.catch(() => undefined); // let the prefetch finish before the connection closes
        return { ...result, ok: false, firstBreak: brk };
      }
      // A pointer into the sorted anchor seqs: one comparison per entry, not a map lookup.
      while (nextAnchor < anchorSeqs.length && anchorSeqs[nextAnchor] < e.seq) nextAnchor++;
      if (nextAnchor < anchorSeqs.length && anchorSeqs[nextAnchor] === e.seq) anchored.set(e.seq, e.hash);
      prevHash = e.hash;
      expectedSeq = e.seq + 1n;
      result.checked++;
      result.lastSeq = e.seq;
      result.headHash = e.hash;
    }
    if (!more) break;
  }
  return result;
}
