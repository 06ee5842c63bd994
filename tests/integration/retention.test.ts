import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit/verify";
import { config } from "@/lib/config";
import { db, type CaseStatus } from "@/lib/db";
import { placeLegalHold, releaseLegalHold } from "@/lib/retention/holds";
import { purgeExpiredDocuments } from "@/lib/retention/purge";
import { getBytes, putBytes } from "@/lib/storage";
import { makeAccount } from "./support/cases-world";
import { makeStaff } from "./support/staff";

afterAll(() => db.$disconnect());

const DAY = 86_400_000;
const bytes = (what: string) => Buffer.from(`${what}-${randomUUID()}`);

interface StoredCase {
  id: string;
  ref: string;
  accountId: string;
  accountUid: string;
  documentId: string;
  keys: { raw: string; original: string; normalized: string; thumbnail: string };
}

/**
 * A case decided `daysAgo` days ago (or open), with one inbound email whose raw payload and one
 * accepted photo (original, normalised, thumbnail) are really in the buckets, as intake leaves them.
 */
async function storedCase(opts: { daysAgo?: number; status?: CaseStatus; accountId?: string } = {}): Promise<StoredCase> {
  const account = opts.accountId ? await db.account.findUniqueOrThrow({ where: { id: opts.accountId } }) : await makeAccount();
  const status = opts.status ?? "APPROVED";
  const decided = status === "APPROVED" || status === "REJECTED";
  const decidedAt = decided ? new Date(Date.now() - (opts.daysAgo ?? 100) * DAY) : null;
  const c = await db.reviewCase.create({ data: { accountId: account.id, status, decidedAt, slaDueAt: new Date() }, select: { id: true, number: true } });
  const id = randomUUID();
  const keys = { raw: `quarantine/raw/${id}.eml`, original: `quarantine/originals/${id}`, normalized: `normalized/${id}.jpg`, thumbnail: `thumbnails/${id}.jpg` };
  await putBytes("inbound", keys.raw, bytes("raw"));
  await putBytes("inbound", keys.original, bytes("original"));
  await putBytes("documents", keys.normalized, bytes("normalized"));
  await putBytes("documents", keys.thumbnail, bytes("thumbnail"));
  const email = await db.inboundEmail.create({
    data: { provider: "MIME", providerMessageId: `ret-${id}`, rawKey: keys.raw, rawSha256: "a".repeat(64), rawSize: 10, status: "PROCESSED", accountId: account.id, caseId: c.id },
    select: { id: true },
  });
  await db.document.create({
    data: {
      id,
      inboundEmailId: email.id,
      caseId: c.id,
      originalKey: keys.original,
      normalizedKey: keys.normalized,
      thumbnailKey: keys.thumbnail,
      sha256: "b".repeat(64),
      perceptualHash: "0123456789abcdef",
      sizeBytes: 10,
      sniffedType: "image/jpeg",
      verdict: "ACCEPTED",
    },
  });
  const ref = `GH-${String(c.number).padStart(6, "0")}`;
  return { id: c.id, ref, accountId: account.id, accountUid: account.uid, documentId: id, keys };
}

const gone = async (bucket: "inbound" | "documents", key: string) => getBytes(bucket, key).then(() => false, (err: { code?: string }) => err.code === "NOT_FOUND");
async function objectsGone(c: StoredCase): Promise<boolean[]> {
  return Promise.all([gone("inbound", c.keys.raw), gone("inbound", c.keys.original), gone("documents", c.keys.normalized), gone("documents", c.keys.thumbnail)]);
}

describe("purgeExpiredDocuments", () => {
  it("purges photos and raw emails of cases decided past the retention, keeps the rest and what is held", async () => {
    expect(config.DOCUMENT_RETENTION_DAYS).toBe(90);
    const old = await storedCase({ daysAgo: 100 });
    const rejected = await storedCase({ daysAgo: 120, status: "REJECTED" });
    const recent = await storedCase({ daysAgo: 10 });
    const open = await storedCase({ status: "IN_REVIEW" });
    const heldCase = await storedCase({ daysAgo: 100 });
    const heldAccount = await storedCase({ daysAgo: 100 });
    const admin = await makeStaff("ADMIN");
    const adminActor = { type: "STAFF" as const, id: admin.id, role: "ADMIN" as const, steppedUpAt: new Date() };
    const caseHold = await placeLegalHold(adminActor, { caseRef: heldCase.ref, reason: "litigation: case 2026-17" });
    await placeLegalHold(adminActor, { accountUid: heldAccount.accountUid, reason: "regulator request 4411" });

    const res = await purgeExpiredDocuments();
    expect(res).toMatchObject({ cases: 2, documents: 2, rawEmails: 2, skippedHeld: 2, failed: 0 });

    for (const c of [old, rejected]) {
      expect(await objectsGone(c)).toEqual([true, true, true, true]);
      const doc = await db.document.findUniqueOrThrow({ where: { id: c.documentId } });
      expect(doc.purgedAt).toBeInstanceOf(Date);
      // Hashes, metadata and the verdict stay.
      expect(doc).toMatchObject({ sha256: "b".repeat(64), perceptualHash: "0123456789abcdef", verdict: "ACCEPTED", normalizedKey: c.keys.normalized });
      expect((await db.reviewCase.findUniqueOrThrow({ where: { id: c.id } })).photosPurgedAt).toBeInstanceOf(Date);
      expect(await db.caseEvent.count({ where: { caseId: c.id, type: "PHOTOS_PURGED" } })).toBe(1);
    }
    for (const c of [recent, open, heldCase, heldAccount]) {
      expect(await objectsGone(c)).toEqual([false, false, false, false]);
      expect((await db.document.findUniqueOrThrow({ where: { id: c.documentId } })).purgedAt).toBeNull();
    }

    const purged = await db.auditEntry.findMany({ where: { action: "case.documents_purged" }, orderBy: { seq: "asc" } });
    expect(purged.map((e) => e.caseId).sort()).toEqual([old.id, rejected.id].sort());
    expect(purged[0]).toMatchObject({ actorType: "SYSTEM", actorId: "scheduler", targetType: "ReviewCase", data: expect.objectContaining({ documents: 1 }) });
    const summary = await db.auditEntry.findFirstOrThrow({ where: { action: "retention.purged" } });
    expect(summary.data).toMatchObject({ cases: 2, documents: 2, skippedHeld: 2 });

    // A second run finds nothing new; the summary still records that it ran.
    expect(await purgeExpiredDocuments()).toMatchObject({ cases: 0, documents: 0, skippedHeld: 2 });

    // A released hold no longer blocks: the next run purges the case.
    await releaseLegalHold(adminActor, { holdId: caseHold.id });
    expect(await purgeExpiredDocuments()).toMatchObject({ cases: 1, documents: 1, skippedHeld: 1 });
    expect(await objectsGone(heldCase)).toEqual([true, true, true, true]);
    expect(await objectsGone(heldAccount)).toEqual([false, false, false, false]);

    expect(await db.auditEntry.count({ where: { action: "retention.purged" } })).toBe(3);
    expect((await verifyChain()).ok).toBe(true);
  });

  it("takes `now` (the cutoff moves with it) and works in batches", async () => {
    const a = await storedCase({ daysAgo: 30 });
    const b = await storedCase({ daysAgo: 40 });
    const c = await storedCase({ daysAgo: 50 });
    expect(await purgeExpiredDocuments()).toMatchObject({ cases: 0 });
    const res = await purgeExpiredDocuments({ now: new Date(Date.now() + 70 * DAY), batchSize: 2 });
    expect(res).toMatchObject({ cases: 3, documents: 3, failed: 0 });
    for (const x of [a, b, c]) expect(await objectsGone(x)).toEqual([true, true, true, true]);
  });

  it("purges again a case that was reopened and decided anew after its purge", async () => {
    const c = await storedCase({ daysAgo: 200 });
    expect(await purgeExpiredDocuments()).toMatchObject({ cases: 1 });
    // Decided again today (after the purge): due again once that decision is past the retention.
    await db.reviewCase.update({ where: { id: c.id }, data: { decidedAt: new Date() } });
    expect(await purgeExpiredDocuments()).toMatchObject({ cases: 0 });
    // (The first test's 10-day-old case comes due at this `now` too.)
    expect((await purgeExpiredDocuments({ now: new Date(Date.now() + 95 * DAY) })).cases).toBe(2);
    expect(await db.auditEntry.count({ where: { action: "case.documents_purged", caseId: c.id } })).toBe(2);
  });

  it("a hold committed while a purge waits for the account row wins: nothing is deleted", async () => {
    const c = await storedCase({ daysAgo: 100 });
    const admin = await makeStaff("ADMIN");
    // What placeLegalHold does, held open: the account row locked, the hold inserted, not yet committed.
    const holder = new pg.Client({ connectionString: config.DATABASE_URL });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM "Account" WHERE id = $1 FOR UPDATE`, [c.accountId]);
    await holder.query(`INSERT INTO "LegalHold" (id, "accountId", reason, "placedById") VALUES (gen_random_uuid(), $1, 'race test hold', $2)`, [c.accountId, admin.id]);
    const purge = purgeExpiredDocuments();
    await new Promise((r) => setTimeout(r, 500));
    await holder.query("COMMIT");
    await holder.end();
    expect(await purge).toMatchObject({ cases: 0, failed: 0 });
    expect(await objectsGone(c)).toEqual([false, false, false, false]);
    expect((await db.document.findUniqueOrThrow({ where: { id: c.documentId } })).purgedAt).toBeNull();
  });
});
