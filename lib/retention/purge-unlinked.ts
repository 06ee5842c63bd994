import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { config } from "../config";
import { db, Prisma } from "../db";
import type { InboundEmailStatus } from "../generated/prisma/enums";
import { FINAL_STATUSES } from "../intake/process/statuses";
import { errFields, logger } from "../log";
import { forEachInBatches } from "./batches";
import { activeHoldSql, findActiveHold } from "./holds";
import { deleteStoredObjects, documentObjects, type StoredRef } from "./stored-objects";

// Emails no case claimed — UNMATCHED (an unknown sender), FAILED or REJECTED, or PROCESSED without
// a case (a matched customer's email with nothing to review) — carry ID photos and names as much
// as any case does, but the case purge never reaches them. INBOUND_UNLINKED_RETENTION_DAYS after
// receipt they are purged: the raw payload and every document object are deleted, the documents
// marked purged (file names blanked), and the email's sender name and subject blanked. The sender
// address, the row, its hashes and verdicts and the audit trail stay (docs/AUDIT.md). RECEIVED
// and PROCESSING emails are in flight and never due; an email with a document on a case belongs
// to the case purge.

export interface UnlinkedPurgeResult {
  cutoff: string;
  emails: number;
  documents: number;
  skippedHeld: number;
  failed: number;
}

export type PurgeEmailResult = { purged: false; reason: "not_due" | "held" } | { purged: true; documents: number };

const TERMINAL: readonly InboundEmailStatus[] = FINAL_STATUSES;

const due = (cutoff: Date) => Prisma.sql`
  e."caseId" IS NULL AND e."purgedAt" IS NULL AND e."receivedAt" < ${cutoff}
  AND e.status::text = ANY(${TERMINAL}::text[])
  AND NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."inboundEmailId" = e.id AND d."caseId" IS NOT NULL)`;
const held = activeHoldSql({ accountId: Prisma.raw(`e."accountId"`) });

/**
 * Purges one email, in one transaction, as lib/retention/purge-case.ts does a case: the email row
 * is locked (linking and retrying lock it too, so they either see purgedAt or finish first) and its
 * account's row shared (a hold being placed waits or is seen), the state is checked again, the
 * objects are deleted, then the rows are marked and `email.purged` appended. A failed delete marks
 * nothing; a failed commit leaves the objects gone but unmarked, and the next run marks them.
 */
export async function purgeUnlinkedEmail(inboundEmailId: string, opts: { cutoff: Date; now: Date; actor: Actor }): Promise<PurgeEmailResult> {
  return db.$transaction(
    async (tx): Promise<PurgeEmailResult> => {
      const [e] = await tx.$queryRaw<{ status: InboundEmailStatus; caseId: string | null; accountId: string | null; receivedAt: Date; purgedAt: Date | null; rawKey: string }[]>`
        SELECT status::text AS status, "caseId"::text AS "caseId", "accountId"::text AS "accountId", "receivedAt", "purgedAt", "rawKey"
        FROM "InboundEmail" WHERE id = ${inboundEmailId}::uuid FOR UPDATE`;
      if (!e || e.purgedAt || e.caseId || !TERMINAL.includes(e.status) || e.receivedAt >= opts.cutoff) return { purged: false, reason: "not_due" };
      if (e.accountId) {
        await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${e.accountId}::uuid FOR SHARE`;
        if (await findActiveHold(tx, { accountId: e.accountId })) return { purged: false, reason: "held" };
      }
      const docs = await tx.document.findMany({
        where: { inboundEmailId },
        select: { id: true, caseId: true, purgedAt: true, originalKey: true, normalizedKey: true, thumbnailKey: true },
      });
      if (docs.some((d) => d.caseId !== null)) return { purged: false, reason: "not_due" }; // the case purge owns it
      const live = docs.filter((d) => d.purgedAt === null);

      await deleteStoredObjects([["inbound", e.rawKey] as StoredRef, ...live.flatMap(documentObjects)]);

      if (live.length) await tx.document.updateMany({ where: { id: { in: live.map((d) => d.id) } }, data: { purgedAt: opts.now, fileName: null } });
      await tx.inboundEmail.update({ where: { id: inboundEmailId }, data: { purgedAt: opts.now, fromName: null, subject: null } });
      await appendAudit(tx, {
        action: "email.purged",
        actor: opts.actor,
        target: { type: "InboundEmail", id: inboundEmailId },
        accountId: e.accountId ?? undefined,
        data: { inboundEmailId, status: e.status, documents: live.length, receivedAt: e.receivedAt.toISOString() },
      });
      return { purged: true, documents: live.length };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/**
 * Purges every due email, in batches (keyset on receivedAt, id: an email that fails is logged and
 * left for the next run). Returns the counts; the caller writes the run's summary entry.
 */
export async function purgeUnlinkedEmails(opts: { now: Date; actor: Actor; batchSize?: number }): Promise<UnlinkedPurgeResult> {
  const cutoff = new Date(opts.now.getTime() - config.INBOUND_UNLINKED_RETENTION_DAYS * 86_400_000);
  const batchSize = opts.batchSize ?? 100;
  const result: UnlinkedPurgeResult = { cutoff: cutoff.toISOString(), emails: 0, documents: 0, skippedHeld: 0, failed: 0 };

  await forEachInBatches<{ id: string; receivedAt: Date }>(
    (after) => {
      const keyset: Prisma.Sql = after ? Prisma.sql`AND (e."receivedAt", e.id) > (${after.receivedAt}, ${after.id}::uuid)` : Prisma.empty;
      return db.$queryRaw`
        SELECT e.id::text AS id, e."receivedAt" FROM "InboundEmail" e
        WHERE ${due(cutoff)} AND NOT ${held} ${keyset}
        ORDER BY e."receivedAt", e.id LIMIT ${batchSize}`;
    },
    batchSize,
    async (row) => {
      const res = await purgeUnlinkedEmail(row.id, { cutoff, now: opts.now, actor: opts.actor }).catch((err: unknown) => {
        logger.error({ job: "retention.purge", inboundEmailId: row.id, ...errFields(err) }, "could not purge an unlinked inbound email");
        return null;
      });
      if (!res) result.failed++;
      else if (res.purged) {
        result.emails++;
        result.documents += res.documents;
      }
    },
  );

  const [{ count }] = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM "InboundEmail" e WHERE ${due(cutoff)} AND ${held}`;
  result.skippedHeld = Number(count);
  return result;
}
