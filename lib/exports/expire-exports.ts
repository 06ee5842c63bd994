import { db } from "../db";
import { errFields, logger } from "../log";
import { deleteObject } from "../storage";

const BATCH = 200;

/**
 * Deletes the files of exports past their retention and marks them EXPIRED. Not audited: the
 * expiry date was fixed (and audited, in `audit.exported`) when the file was made; a failed
 * delete leaves the row DONE, to be tried again on the next run.
 */
export async function expireExports(now = new Date()): Promise<{ expired: number; failed: number }> {
  let expired = 0;
  let failed = 0;
  for (;;) {
    const rows = await db.export.findMany({ where: { status: "DONE", expiresAt: { lte: now } }, select: { id: true, objectKey: true }, orderBy: { expiresAt: "asc" }, take: BATCH, skip: failed });
    if (!rows.length) break;
    for (const row of rows) {
      try {
        if (row.objectKey) await deleteObject("exports", row.objectKey);
        const res = await db.export.updateMany({ where: { id: row.id, status: "DONE" }, data: { status: "EXPIRED" } });
        expired += res.count;
      } catch (err) {
        failed += 1;
        logger.warn({ exportId: row.id, ...errFields(err) }, "could not delete an expired export's file");
      }
    }
    if (rows.length < BATCH) break;
  }
  return { expired, failed };
}
