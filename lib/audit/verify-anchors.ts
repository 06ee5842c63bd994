import type pg from "pg";
import { anchorKey, anchorSeqFromKey, listAnchorKeys, readAnchorObject, type AnchorObject } from "./anchor";

// Anchor checks for verifyChain. The object in the audit bucket (write-once) is what an attacker
// with database rights cannot change; the AuditAnchor row is the index of it. Every anchor in the
// range is checked from both sides: rows without their object and objects without their row.

export type AnchorProblemKind =
  /** The anchored hash is not the entry's: the chain was rewritten at or before this entry. */
  | "ENTRY_MISMATCH"
  /** The anchored entry no longer exists: entries were removed from the end of the chain. */
  | "ENTRY_MISSING"
  /** The AuditAnchor row points at an object that is not in the audit bucket. */
  | "OBJECT_MISSING"
  /** The object does not hold the row's seq and hash (or is not an anchor at all). */
  | "OBJECT_MISMATCH"
  /** An anchor object exists with no AuditAnchor row: the row was deleted. */
  | "ROW_MISSING";

export interface AnchorProblem {
  kind: AnchorProblemKind;
  seq: bigint;
  objectKey: string;
  message: string;
}

export interface AnchorSet {
  rows: Map<bigint, { hash: string; objectKey: string }>;
  /** Objects listed under anchors/ in the range, by the seq in their key. */
  objects: Map<bigint, string>;
  seqs: Set<bigint>;
}

/** The AuditAnchor rows and the anchor objects whose seq lies in [fromSeq, toSeq]. */
export async function listAnchors(client: pg.Client, fromSeq: bigint, toSeq: bigint | undefined): Promise<AnchorSet> {
  const { rows } = await client.query<{ seq: bigint; hash: string; objectKey: string }>(
    `SELECT seq, hash, "objectKey" FROM "AuditAnchor" WHERE seq >= $1 AND ($2::bigint IS NULL OR seq <= $2::bigint) ORDER BY seq`,
    [String(fromSeq), toSeq === undefined ? null : String(toSeq)],
  );
  const objects = new Map<bigint, string>();
  for (const key of await listAnchorKeys(fromSeq, toSeq)) {
    const seq = anchorSeqFromKey(key);
    if (seq !== null) objects.set(seq, key);
  }
  const byRow = new Map(rows.map((r) => [r.seq, { hash: r.hash, objectKey: r.objectKey }]));
  return { rows: byRow, objects, seqs: new Set([...byRow.keys(), ...objects.keys()]) };
}

const CONCURRENCY = 8;

/**
 * Compares each anchor with the entry it anchors (`entryHashes`: seq → verified hash, filled by the
 * chain walk) and with its object. `verifiedThrough`: the last entry the walk verified (null when it
 * stopped at a break); anchors after it, within `rangeEnd`, name missing entries.
 */
export async function checkAnchors(
  anchors: AnchorSet,
  entryHashes: Map<bigint, string>,
  opts: { verifiedThrough: bigint | null; rangeEnd: bigint | null },
): Promise<AnchorProblem[]> {
  const seqs = [...anchors.seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const problems: (AnchorProblem | null)[] = new Array(seqs.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < seqs.length) {
      const i = next++;
      problems[i] = await checkOne(seqs[i], anchors, entryHashes, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, seqs.length) }, worker));
  return problems.filter((p): p is AnchorProblem => p !== null);
}

async function checkOne(
  seq: bigint,
  anchors: AnchorSet,
  entryHashes: Map<bigint, string>,
  opts: { verifiedThrough: bigint | null; rangeEnd: bigint | null },
): Promise<AnchorProblem | null> {
  const row = anchors.rows.get(seq);
  const objectKey = row?.objectKey ?? anchors.objects.get(seq) ?? anchorKey(seq);
  const problem = (kind: AnchorProblemKind, message: string): AnchorProblem => ({ kind, seq, objectKey, message });
  // Null only when the object is not there; a storage error fails the verification rather than
  // being reported as tampering.
  const object: AnchorObject | null = await readAnchorObject(objectKey);
  if (row && !object) return problem("OBJECT_MISSING", `anchor of entry ${seq}: object ${objectKey} is missing from the audit bucket`);
  if (object && object.seq !== String(seq)) return problem("OBJECT_MISMATCH", `anchor object ${objectKey} names entry ${object.seq}, not ${seq}`);
  if (!row && object) return problem("ROW_MISSING", `anchor object ${objectKey} has no AuditAnchor row (deleted?)`);
  if (row && object && row.hash !== object.hash) {
    return problem("OBJECT_MISMATCH", `anchor of entry ${seq}: the AuditAnchor row and object ${objectKey} hold different hashes (one was changed)`);
  }
  const anchoredHash = object?.hash ?? row?.hash;
  const entryHash = entryHashes.get(seq);
  if (entryHash !== undefined && entryHash !== anchoredHash) {
    return problem("ENTRY_MISMATCH", `entry ${seq} no longer has the hash anchored in ${objectKey}: the chain was rewritten at or before it`);
  }
  const beyond = opts.verifiedThrough !== null && seq > opts.verifiedThrough && (opts.rangeEnd === null || seq <= opts.rangeEnd);
  if (entryHash === undefined && beyond) return problem("ENTRY_MISSING", `entry ${seq} was anchored in ${objectKey} but no longer exists: entries were removed from the end of the chain`);
  return null;
}
