import type { BucketName } from "../config";
import { deleteObject } from "../storage";

// The objects retention deletes, shared by the case purge, the unlinked-email purge and the orphan
// sweep. Deleting a missing object succeeds, so every caller may run again after a partial failure.

export type StoredRef = readonly [bucket: BucketName, key: string];

/** A document's image objects: the original (quarantine, inbound bucket), the normalised image and thumbnail (documents bucket). */
export function documentObjects(d: { originalKey: string; normalizedKey: string | null; thumbnailKey: string | null }): StoredRef[] {
  const refs: StoredRef[] = [["inbound", d.originalKey]];
  if (d.normalizedKey) refs.push(["documents", d.normalizedKey]);
  if (d.thumbnailKey) refs.push(["documents", d.thumbnailKey]);
  return refs;
}

/** Deletes every object, 16 at a time; throws on the first failure (the caller retries at its next run). */
export async function deleteStoredObjects(refs: readonly StoredRef[]): Promise<void> {
  for (let i = 0; i < refs.length; i += 16) await Promise.all(refs.slice(i, i + 16).map(([bucket, key]) => deleteObject(bucket, key)));
}
