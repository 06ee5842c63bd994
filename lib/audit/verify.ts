import type { Db } from "../db";
import { GENESIS_HASH, entryHash } from "./hash";

export type ChainBreak =
  | { kind: "GAP"; seq: bigint; expectedSeq: bigint; message: string }
  | { kind: "HASH_MISMATCH"; seq: bigint; message: string }
  | { kind: "PREV_MISMATCH"; seq: bigint; message: string };

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstSeq: bigint | null;
  lastSeq: bigint | null;
  headHash: string | null;
  firstBreak: ChainBreak | null;
}

/**
 * Recomputes the chain in seq order, in keyset pages (constant memory), and names the first
 * broken link: an edited entry (its hash no longer matches), a deleted one (a gap in seq) or a
 * reordered one (prevHash does not point at its predecessor).
 */
export async function verifyChain(db: Db, opts: { fromSeq?: bigint; toSeq?: bigint; pageSize?: number } = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 5_000;
  let expectedSeq = opts.fromSeq ?? 1n;
  let prevHash = GENESIS_HASH;
  if (expectedSeq > 1n) {
    const before = await db.auditEntry.findUnique({ where: { seq: expectedSeq - 1n }, select: { hash: true } });
    prevHash = before?.hash ?? GENESIS_HASH;
  }
  const result: VerifyResult = { ok: true, checked: 0, firstSeq: null, lastSeq: null, headHash: null, firstBreak: null };
  const fetchPage = (from: bigint) =>
    db.auditEntry.findMany({
      where: { seq: { gte: from, ...(opts.toSeq ? { lte: opts.toSeq } : {}) } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
  // The next page is read while this one is hashed: the database and the CPU work side by side.
  let pending = fetchPage(expectedSeq);
  for (;;) {
    const page = await pending;
    if (page.length === 0) break;
    const more = page.length === pageSize;
    if (more) pending = fetchPage(page[page.length - 1].seq + 1n);
    for (const e of page) {
      result.firstSeq ??= e.seq;
      if (e.seq !== expectedSeq) {
        return fail(result, { kind: "GAP", seq: e.seq, expectedSeq, message: `entry ${expectedSeq} is missing (deleted?): the chain jumps to ${e.seq}` }, more ? pending : undefined);
      }
      if (e.prevHash !== prevHash) {
        return fail(result, { kind: "PREV_MISMATCH", seq: e.seq, message: `entry ${e.seq} does not follow entry ${e.seq - 1n} (reordered or inserted)` }, more ? pending : undefined);
      }
      if (entryHash(e) !== e.hash) {
        return fail(result, { kind: "HASH_MISMATCH", seq: e.seq, message: `entry ${e.seq} was changed after it was written` }, more ? pending : undefined);
      }
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

function fail(result: VerifyResult, brk: ChainBreak, inFlight?: Promise<unknown>): VerifyResult {
  inFlight?.catch(() => undefined); // the prefetched page is no longer needed
  return { ...result, ok: false, firstBreak: brk };
}
