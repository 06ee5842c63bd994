import { db } from "../db";
import { listObjectsPage } from "../storage";
import { deleteStoredObjects, type StoredRef } from "./stored-objects";

// The edge stores an email's raw payload before it inserts the InboundEmail row that points at it
// (lib/intake/edge/receive-inbound.ts, "raw first"). When that transaction fails, the object has no
// row and nothing else would ever delete it: this sweep does, once it is old enough that no edge
// request can still be between its upload and its insert.

export const RAW_PREFIX = "quarantine/raw/";
/** Objects younger than this are never touched: an edge request may be between upload and insert. */
export const ORPHAN_MIN_AGE_MS = 24 * 3_600_000;

export interface OrphanSweepResult {
  /** Only objects last modified before this were considered. */
  olderThan: string;
  listed: number;
  deleted: number;
}

/**
 * Pages through the raw objects (ListObjectsV2, `pageSize` keys a page), looks each page's old
 * enough keys up in one query, and deletes those no InboundEmail.rawKey names. Throws on a failing
 * listing or delete; what was not deleted is found again by the next run. `now` may be moved
 * forward by tests (the store stamps LastModified with its own clock).
 */
export async function sweepOrphanRawObjects(opts: { now?: Date; pageSize?: number } = {}): Promise<OrphanSweepResult> {
  const olderThan = new Date((opts.now ?? new Date()).getTime() - ORPHAN_MIN_AGE_MS);
  const result: OrphanSweepResult = { olderThan: olderThan.toISOString(), listed: 0, deleted: 0 };
  let token: string | undefined;
  do {
    // Deleting keys already listed does not disturb the listing: the token resumes after the last key.
    const page = await listObjectsPage("inbound", RAW_PREFIX, { continuationToken: token, maxKeys: opts.pageSize ?? 1000 });
    result.listed += page.objects.length;
    const old = page.objects.filter((o) => o.lastModified !== null && o.lastModified < olderThan).map((o) => o.key);
    if (old.length) {
      const rows = await db.$queryRaw<{ rawKey: string }[]>`SELECT "rawKey" FROM "InboundEmail" WHERE "rawKey" = ANY(${old}::text[])`;
      const referenced = new Set(rows.map((r) => r.rawKey));
      const orphans = old.filter((key) => !referenced.has(key)).map((key): StoredRef => ["inbound", key]);
      await deleteStoredObjects(orphans);
      result.deleted += orphans.length;
    }
    token = page.nextToken ?? undefined;
  } while (token);
  return result;
}
