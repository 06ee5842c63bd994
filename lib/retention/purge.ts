import { appendAudit } from "../audit/append";
import { systemActor, type Actor } from "../auth/actor";
import { config } from "../config";
import { db, Prisma } from "../db";
import { errFields, logger } from "../log";
import { forEachInBatches } from "./batches";
import { activeHoldSql } from "./holds";
import { sweepOrphanRawObjects, type OrphanSweepResult } from "./orphans";
import { purgeCase } from "./purge-case";
import { purgeUnlinkedEmails, type UnlinkedPurgeResult } from "./purge-unlinked";

// Retention: N days (DOCUMENT_RETENTION_DAYS) after a case is decided, its ID photos go — the
// original (inbound bucket, quarantine), the normalised image and thumbnail (documents bucket) and
// the raw inbound email that carried them (inbound bucket). Document rows stay with their hashes,
// sizes and verdicts; the decision and the audit trail stay. An active legal hold on the case or
// its account blocks it. The same run then purges the emails no case claimed (./purge-unlinked.ts,
// INBOUND_UNLINKED_RETENTION_DAYS after receipt) and sweeps raw objects no email row points at
// (./orphans.ts), and ends with one `retention.purged` summary entry.

export interface PurgeResult {
  cutoff: string;
  cases: number;
  documents: number;
  rawEmails: number;
  skippedHeld: number;
  /** Cases that could not be purged (logged; retried at the next run). */
  failed: number;
  unlinked: UnlinkedPurgeResult;
  /** Null when the sweep failed (logged; the next run finds the same objects again). */
  orphans: OrphanSweepResult | null;
}

// A case is due when decided before the cutoff and something of it is not yet purged: it was never
// purged, it was reopened and decided again since, or a document arrived after the last purge.
const due = (cutoff: Date) => Prisma.sql`
  c.status IN ('APPROVED', 'REJECTED') AND c."decidedAt" < ${cutoff}
  AND (c."photosPurgedAt" IS NULL OR c."photosPurgedAt" < c."decidedAt"
       OR EXISTS (SELECT 1 FROM "Document" d WHERE d."caseId" = c.id AND d."purgedAt" IS NULL))`;
const held = activeHoldSql({ caseId: Prisma.raw("c.id"), accountId: Prisma.raw(`c."accountId"`) });

/**
 * The daily retention run: every due case, in batches (keyset on decidedAt, id: a case that fails
 * is not retried in the same run), each in its own transaction (./purge-case.ts); then the
 * unlinked emails and the orphan raw objects; then one `retention.purged` summary entry. Returns
 * the counts. `now` moves every cutoff (tests).
 */
export async function purgeExpiredDocuments(opts: { now?: Date; batchSize?: number; actor?: Actor } = {}): Promise<PurgeResult> {
  const now = opts.now ?? new Date();
  const actor = opts.actor ?? systemActor("scheduler");
  const batchSize = opts.batchSize ?? 100;
  const cases = await purgeDueCases(now, actor, batchSize);
  const unlinked = await purgeUnlinkedEmails({ now, actor, batchSize });
  const orphans = await sweepOrphanRawObjects({ now }).catch((err: unknown) => {
    logger.error({ job: "retention.purge", ...errFields(err) }, "could not sweep orphan raw inbound objects");
    return null;
  });
  const result: PurgeResult = { ...cases, unlinked, orphans };

  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "retention.purged",
      actor,
      data: {
        cutoff: result.cutoff,
        cases: result.cases,
        documents: result.documents,
        skippedHeld: result.skippedHeld,
        unlinkedCutoff: unlinked.cutoff,
        unlinkedEmails: unlinked.emails,
        unlinkedDocuments: unlinked.documents,
        unlinkedSkippedHeld: unlinked.skippedHeld,
        orphanRawObjects: orphans?.deleted ?? 0,
        failed: result.failed + unlinked.failed + (orphans ? 0 : 1),
      },
    }),
  );
  return result;
}

type CasePurgeCounts = Omit<PurgeResult, "unlinked" | "orphans">;

async function purgeDueCases(now: Date, actor: Actor, batchSize: number): Promise<CasePurgeCounts> {
  const cutoff = new Date(now.getTime() - config.DOCUMENT_RETENTION_DAYS * 86_400_000);
  const result: CasePurgeCounts = { cutoff: cutoff.toISOString(), cases: 0, documents: 0, rawEmails: 0, skippedHeld: 0, failed: 0 };

  await forEachInBatches<{ id: string; decidedAt: Date }>(
    (after) => {
      const keyset: Prisma.Sql = after ? Prisma.sql`AND (c."decidedAt", c.id) > (${after.decidedAt}, ${after.id}::uuid)` : Prisma.empty;
      return db.$queryRaw`
        SELECT c.id::text AS id, c."decidedAt" FROM "ReviewCase" c
        WHERE ${due(cutoff)} AND NOT ${held} ${keyset}
        ORDER BY c."decidedAt", c.id LIMIT ${batchSize}`;
    },
    batchSize,
    async (c) => {
      const res = await purgeCase(c.id, { cutoff, now, actor }).catch((err: unknown) => {
        // Nothing was marked: the next run tries again (deleting an object twice is harmless).
        logger.error({ job: "retention.purge", caseId: c.id, ...errFields(err) }, "could not purge a case");
        return null;
      });
      if (!res) result.failed++;
      else if (res.purged) {
        result.cases++;
        result.documents += res.documents;
        result.rawEmails += res.rawEmails;
      }
    },
  );

  const [{ count }] = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM "ReviewCase" c WHERE ${due(cutoff)} AND ${held}`;
  result.skippedHeld = Number(count);
  return result;
}
