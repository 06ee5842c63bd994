import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { formatCaseRef } from "../cases/case-ref";
import { db } from "../db";
import { findActiveHold } from "./holds";
import { deleteStoredObjects, documentObjects, type StoredRef } from "./stored-objects";

export type PurgeCaseResult = { purged: false; reason: "not_due" | "held" } | { purged: true; documents: number; rawEmails: number };

/**
 * Purges one case's photos. The case row is locked (and its account's, shared) for the whole of it,
 * so a legal hold being placed (lib/retention/holds.ts locks the same row) or a reopening waits, and
 * the state checked is the state purged. The objects are deleted before the rows are marked, inside
 * the transaction — an exception to "no S3 in a transaction", because here the deletion is the
 * change: if a delete fails nothing is marked and the next run retries; if the commit fails the
 * objects are gone but unmarked, and the next run deletes nothing and marks them. Deletes of
 * missing objects succeed, so a re-run is harmless. The audit entry is appended last (chain lock).
 */
export async function purgeCase(caseId: string, opts: { cutoff: Date; now: Date; actor: Actor }): Promise<PurgeCaseResult> {
  return db.$transaction(
    async (tx): Promise<PurgeCaseResult> => {
      const [c] = await tx.$queryRaw<{ id: string; number: number; accountId: string; status: string; decidedAt: Date | null }[]>`
        SELECT id::text AS id, number, "accountId"::text AS "accountId", status::text AS status, "decidedAt"
        FROM "ReviewCase" WHERE id = ${caseId}::uuid FOR UPDATE`;
      if (!c || (c.status !== "APPROVED" && c.status !== "REJECTED") || !c.decidedAt || c.decidedAt >= opts.cutoff) return { purged: false, reason: "not_due" };
      await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${c.accountId}::uuid FOR SHARE`;
      if (await findActiveHold(tx, { caseId, accountId: c.accountId })) return { purged: false, reason: "held" };

      // This case's documents, and those of its emails that no case claimed.
      const docs = await tx.document.findMany({
        where: { purgedAt: null, OR: [{ caseId }, { caseId: null, inboundEmail: { caseId } }] },
        select: { id: true, originalKey: true, normalizedKey: true, thumbnailKey: true },
      });
      // The raw emails carry the photos too; an email whose documents also sit on another case that
      // is not purged yet waits for that case.
      const emails = await tx.inboundEmail.findMany({
        where: { OR: [{ caseId }, { documents: { some: { caseId } } }], documents: { none: { caseId: { not: caseId }, purgedAt: null } } },
        select: { id: true, rawKey: true },
      });

      await deleteStoredObjects([...docs.flatMap(documentObjects), ...emails.map((e): StoredRef => ["inbound", e.rawKey])]);

      if (docs.length) await tx.document.updateMany({ where: { id: { in: docs.map((d) => d.id) } }, data: { purgedAt: opts.now } });
      await tx.reviewCase.update({ where: { id: caseId }, data: { photosPurgedAt: opts.now, version: { increment: 1 } } });
      await tx.caseEvent.create({ data: { caseId, type: "PHOTOS_PURGED", data: { documents: docs.length, rawEmails: emails.length } } });
      const ref = formatCaseRef(c.number);
      await appendAudit(tx, {
        action: "case.documents_purged",
        actor: opts.actor,
        target: { type: "ReviewCase", id: caseId },
        caseId,
        accountId: c.accountId,
        data: { caseId, ref, documents: docs.length, decidedAt: c.decidedAt.toISOString() },
      });
      return { purged: true, documents: docs.length, rawEmails: emails.length };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
