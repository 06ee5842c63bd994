import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POST as retryRoute } from "@/app/api/v1/inbound-emails/[id]/retry/route";
import type { Actor } from "@/lib/auth/actor";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { verifyChain } from "@/lib/audit/verify";
import { config } from "@/lib/config";
import { db, type StaffRole } from "@/lib/db";
import { viewDocumentImage } from "@/lib/documents/view-image";
import { AppError } from "@/lib/errors";
import { processInboundEmail } from "@/lib/intake/process";
import { askForJpeg } from "@/lib/intake/staff/ask-for-jpeg";
import { inboundCapabilities } from "@/lib/intake/staff/capabilities";
import { getInboundEmail } from "@/lib/intake/staff/get-inbound-email";
import { linkInboundEmail } from "@/lib/intake/staff/link-inbound-email";
import { listInboundEmails } from "@/lib/intake/staff/list-inbound-emails";
import { retryInboundEmail } from "@/lib/intake/staff/retry-inbound-email";
import { setDocumentSide } from "@/lib/intake/staff/set-document-side";
import { sharedRedis } from "@/lib/queue/connection";
import { placeLegalHold, releaseLegalHold } from "@/lib/retention/holds";
import { sweepOrphanRawObjects } from "@/lib/retention/orphans";
import { purgeExpiredDocuments } from "@/lib/retention/purge";
import { listObjectsPage, objectExists, putBytes, type ListedObject } from "@/lib/storage";
import { idPhotos, jpeg, makeAccount, malformedMime, rawEmail, receive, storeInbound } from "../support/intake-world";
import { makeStaff } from "./support/staff";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
const request = { requestId: "req-retention-unlinked", ip: "198.51.100.9", userAgent: "vitest" };
const SUBJECT = "My passport, Jane Q. Stranger";
const NAME = "Jane Q. Stranger";

async function staff(role: StaffRole): Promise<Actor & { type: "STAFF" }> {
  const s = await makeStaff(role);
  return { type: "STAFF", id: s.id, role, steppedUpAt: new Date() };
}

const backdate = (id: string, days: number) => db.inboundEmail.update({ where: { id }, data: { receivedAt: new Date(Date.now() - days * DAY) } });

/** Every object an email left in the buckets: its raw payload and each document's original, normalised image and thumbnail. */
async function objectsOf(inboundEmailId: string): Promise<["inbound" | "documents", string][]> {
  const e = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId }, include: { documents: true } });
  return [
    ["inbound", e.rawKey],
    ...e.documents.flatMap((d): ["inbound" | "documents", string][] => [
      ["inbound", d.originalKey],
      ...(d.normalizedKey ? [["documents", d.normalizedKey] as ["documents", string]] : []),
      ...(d.thumbnailKey ? [["documents", d.thumbnailKey] as ["documents", string]] : []),
    ]),
  ];
}
const existing = async (inboundEmailId: string) => Promise.all((await objectsOf(inboundEmailId)).map(([bucket, key]) => objectExists(bucket, key)));

/** An email from an unknown address with two ID photos, through the real intake pipeline: UNMATCHED, documents stored. */
async function unmatched(daysAgo: number): Promise<string> {
  const { front, back } = await idPhotos(`stranger-${randomUUID()}`);
  const { inboundEmailId } = await receive({ from: `stranger-${randomUUID().slice(0, 8)}@elsewhere.example`, fromName: NAME, subject: SUBJECT, attachments: [jpeg("jane-front.jpg", front), jpeg("jane-back.jpg", back)] });
  expect(await processInboundEmail(inboundEmailId)).toMatchObject({ status: "UNMATCHED" });
  await backdate(inboundEmailId, daysAgo);
  return inboundEmailId;
}

/** A matched customer's email with nothing to review (no attachment): PROCESSED, no case. */
async function processedWithoutCase(accountEmail: string, daysAgo: number): Promise<string> {
  const { inboundEmailId } = await receive({ from: accountEmail, subject: "thanks", text: "Thank you." });
  expect(await processInboundEmail(inboundEmailId)).toMatchObject({ status: "PROCESSED", caseId: null });
  await backdate(inboundEmailId, daysAgo);
  return inboundEmailId;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

const PURGED_MESSAGE = /^This email's content \(the raw message and its attachments\) was purged on \d{4}-\d{2}-\d{2} under the retention policy/;

describe("retention: emails no case claimed", () => {
  it("purges old unmatched, failed and case-less emails with their objects; keeps young, on-case and in-flight ones", async () => {
    expect(config.INBOUND_UNLINKED_RETENTION_DAYS).toBe(30);
    const old = await unmatched(40);
    const young = await unmatched(10);
    const customer = await makeAccount();
    const caseless = await processedWithoutCase(customer.email, 40);
    const failed = await storeInbound(malformedMime("broken@elsewhere.example"), { outbox: false });
    expect(await processInboundEmail(failed)).toMatchObject({ status: "FAILED" });
    await backdate(failed, 40);
    // In flight: never due, however old.
    const received = await storeInbound(rawEmail({ from: "late@elsewhere.example" }).raw, { outbox: false });
    await backdate(received, 40);
    const processing = await storeInbound(rawEmail({ from: "slow@elsewhere.example" }).raw, { outbox: false });
    await db.inboundEmail.update({ where: { id: processing }, data: { status: "PROCESSING", receivedAt: new Date(Date.now() - 40 * DAY) } });
    // On an open case: the case purge owns it.
    const onCase = await unmatched(40);
    const c = await db.reviewCase.create({ data: { accountId: customer.id, status: "IN_REVIEW", slaDueAt: new Date() }, select: { id: true } });
    await db.inboundEmail.update({ where: { id: onCase }, data: { status: "PROCESSED", accountId: customer.id, caseId: c.id } });
    await db.document.updateMany({ where: { inboundEmailId: onCase }, data: { caseId: c.id } });
    expect(await existing(old)).toEqual([true, true, true, true, true, true, true]);

    const res = await purgeExpiredDocuments();
    expect(res).toMatchObject({ cases: 0, failed: 0, unlinked: { emails: 3, documents: 2, skippedHeld: 0, failed: 0 } });

    // The old unmatched email: raw and all six document objects gone, rows marked and redacted.
    expect(await existing(old)).toEqual([false, false, false, false, false, false, false]);
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: old }, include: { documents: true } });
    expect(row).toMatchObject({ status: "UNMATCHED", fromName: null, subject: null, fromAddress: expect.stringMatching(/@elsewhere\.example$/) });
    expect(row.purgedAt).toBeInstanceOf(Date);
    expect(row.documents.map((d) => [d.purgedAt instanceof Date, d.fileName, d.verdict, d.sha256.length])).toEqual([
      [true, null, "ACCEPTED", 64],
      [true, null, "ACCEPTED", 64],
    ]);
    for (const id of [failed, caseless]) {
      expect(await existing(id)).toEqual([false]);
      expect((await db.inboundEmail.findUniqueOrThrow({ where: { id } })).purgedAt).toBeInstanceOf(Date);
    }
    for (const id of [young, received, processing, onCase]) {
      expect((await existing(id)).every(Boolean)).toBe(true);
      const kept = await db.inboundEmail.findUniqueOrThrow({ where: { id }, include: { documents: true } });
      expect(kept.purgedAt).toBeNull();
      expect(kept.documents.every((d) => d.purgedAt === null)).toBe(true);
    }
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id: young } })).subject).toBe(SUBJECT);

    // One entry per purged email, with ids and counts only; one summary for the run.
    const entries = await db.auditEntry.findMany({ where: { action: "email.purged" }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.targetId).sort()).toEqual([old, failed, caseless].sort());
    const oldEntry = entries.find((e) => e.targetId === old)!;
    expect(oldEntry).toMatchObject({ actorType: "SYSTEM", actorId: "scheduler", targetType: "InboundEmail", data: { inboundEmailId: old, status: "UNMATCHED", documents: 2 } });
    expect(entries.find((e) => e.targetId === caseless)).toMatchObject({ accountId: customer.id });
    expect(JSON.stringify(entries.map((e) => e.data))).not.toMatch(/Stranger|passport|elsewhere/);
    const summary = await db.auditEntry.findFirstOrThrow({ where: { action: "retention.purged" }, orderBy: { seq: "asc" } });
    expect(summary.data).toMatchObject({ cases: 0, unlinkedEmails: 3, unlinkedDocuments: 2, unlinkedSkippedHeld: 0, orphanRawObjects: 0, failed: 0 });

    // A second run purges nothing and writes no per-email entry; the young one comes due later.
    expect((await purgeExpiredDocuments()).unlinked).toMatchObject({ emails: 0, documents: 0 });
    expect(await db.auditEntry.count({ where: { action: "email.purged" } })).toBe(3);
    expect((await purgeExpiredDocuments({ now: new Date(Date.now() + 25 * DAY) })).unlinked).toMatchObject({ emails: 1, documents: 2 });
    expect(await existing(young)).toEqual([false, false, false, false, false, false, false]);
    expect((await verifyChain()).ok).toBe(true);
  });

  it("a legal hold on the email's account blocks it; after release the next run purges it", async () => {
    const customer = await makeAccount();
    const id = await processedWithoutCase(customer.email, 45);
    const admin = await staff("ADMIN");
    const account = await db.account.findUniqueOrThrow({ where: { id: customer.id }, select: { uid: true } });
    const hold = await placeLegalHold(admin, { accountUid: account.uid, reason: "regulator request 5120" });

    expect((await purgeExpiredDocuments()).unlinked).toMatchObject({ emails: 0, skippedHeld: 1 });
    expect(await existing(id)).toEqual([true]);
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id } })).purgedAt).toBeNull();
    expect((await db.auditEntry.findFirstOrThrow({ where: { action: "retention.purged" }, orderBy: { seq: "desc" } })).data).toMatchObject({ unlinkedSkippedHeld: 1 });

    await releaseLegalHold(admin, { holdId: hold.id });
    expect((await purgeExpiredDocuments()).unlinked).toMatchObject({ emails: 1, skippedHeld: 0 });
    expect(await existing(id)).toEqual([false]);
  });

  it("a hold committed while the purge waits for the account row wins: nothing is deleted", async () => {
    const customer = await makeAccount();
    const id = await processedWithoutCase(customer.email, 45);
    const admin = await makeStaff("ADMIN");
    // What placeLegalHold does, held open: the account row locked, the hold inserted, not yet committed.
    const holder = new pg.Client({ connectionString: config.DATABASE_URL });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM "Account" WHERE id = $1 FOR UPDATE`, [customer.id]);
    await holder.query(`INSERT INTO "LegalHold" (id, "accountId", reason, "placedById") VALUES (gen_random_uuid(), $1, 'race test hold', $2)`, [customer.id, admin.id]);
    const purge = purgeExpiredDocuments();
    await new Promise((r) => setTimeout(r, 500));
    await holder.query("COMMIT");
    await holder.end();
    expect((await purge).unlinked).toMatchObject({ emails: 0, failed: 0 });
    expect(await existing(id)).toEqual([true]);
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id } })).purgedAt).toBeNull();
  });

  it("refuses every staff action on a purged email with a clear conflict, and shows it as purged", async () => {
    const id = await unmatched(40);
    const failed = await storeInbound(malformedMime("broken@elsewhere.example"), { outbox: false });
    await processInboundEmail(failed);
    await backdate(failed, 40);
    const customer = await makeAccount();
    const account = await db.account.findUniqueOrThrow({ where: { id: customer.id }, select: { uid: true } });
    await purgeExpiredDocuments();
    const day = (await db.inboundEmail.findUniqueOrThrow({ where: { id } })).purgedAt!.toISOString().slice(0, 10);
    const agent = await staff("AGENT");
    const supervisor = await staff("SUPERVISOR");
    const [docId] = (await db.document.findMany({ where: { inboundEmailId: id }, select: { id: true } })).map((d) => d.id);

    const linked = await refusal(linkInboundEmail(agent, { id, accountUid: account.uid }, { request }));
    expect([linked.code, linked.status, linked.details]).toEqual(["CONFLICT", 409, { status: "UNMATCHED", reason: "purged", purgedAt: expect.stringContaining(day) }]);
    expect(linked.message).toMatch(PURGED_MESSAGE);
    expect(linked.message).toContain(day);
    const retried = await refusal(retryInboundEmail(supervisor, { id: failed }, { request }));
    expect([retried.code, retried.details?.reason]).toEqual(["CONFLICT", "purged"]);
    expect(retried.message).toMatch(PURGED_MESSAGE);
    expect((await refusal(askForJpeg(agent, { id }, { request }))).message).toMatch(PURGED_MESSAGE);
    const relabel = await refusal(setDocumentSide(agent, { documentId: docId, side: "BACK" }, { request }));
    expect([relabel.code, relabel.message]).toEqual(["CONFLICT", expect.stringMatching(PURGED_MESSAGE)]);
    const viewed = await refusal(viewDocumentImage(agent, { documentId: docId }, { request, policy: { watermark: false, downloadEnabled: false } }));
    expect([viewed.code, viewed.details?.reason, viewed.message]).toEqual(["UNPROCESSABLE", "purged", expect.stringContaining(`deleted on ${day} under the retention policy`)]);
    // Nothing changed, nothing was queued, no view was audited.
    expect(await db.inboundEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "UNMATCHED", accountId: null, linkedById: null });
    expect(await db.auditEntry.count({ where: { action: { in: ["email.linked", "email.retried", "document.viewed", "document.side_changed"] } } })).toBe(0);

    // Over the API: 409 with the reason, never a 500.
    const { token } = await createApiTokenUnchecked(undefined, { staffId: supervisor.id, name: "ops", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
    const res = await retryRoute(new Request(`http://localhost/api/v1/inbound-emails/${failed}/retry`, { method: "POST", headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: failed }) });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: "CONFLICT", details: { reason: "purged" }, message: expect.stringMatching(PURGED_MESSAGE) });

    // The page data: purged, redacted, nothing offered.
    const detail = await getInboundEmail(agent, { id }, { request });
    expect(detail).toMatchObject({ subject: null, sender: { name: null }, purgedAt: expect.any(Date) });
    expect(detail.documents.map((d) => [d.purged, d.fileName])).toEqual([
      [true, null],
      [true, null],
    ]);
    const can = inboundCapabilities(supervisor, detail);
    expect([can.retry.offered, can.link.offered, can.askForJpeg.offered, ...Object.values(can.relabel).map((r) => r.offered)]).toEqual([false, false, false, false, false]);
    const list = await listInboundEmails(agent, { status: "UNMATCHED" }, { request });
    expect(list.items.find((r) => r.id === id)?.purgedAt).toBeInstanceOf(Date);
  });
});

describe("retention: orphan raw objects", () => {
  const orphanKey = () => `quarantine/raw/${randomUUID()}.eml`;
  const listed = async (key: string): Promise<ListedObject> => (await listObjectsPage("inbound", key)).objects[0];

  it("deletes raw objects no email points at once older than 24 h; keeps younger ones and those with a row", async () => {
    const orphan = orphanKey();
    await putBytes("inbound", orphan, Buffer.from("raw without a row"));
    const withRow = await storeInbound(rawEmail({ from: "kept@elsewhere.example" }).raw, { outbox: false });
    const rowKey = (await db.inboundEmail.findUniqueOrThrow({ where: { id: withRow } })).rawKey;

    // Today nothing is old enough: the edge may still be between upload and insert.
    expect((await sweepOrphanRawObjects()).deleted).toBe(0);
    expect(await objectExists("inbound", orphan)).toBe(true);

    // The store stamps LastModified with its own clock: judge against it, 1 s either side of 24 h.
    const stamped = (await listed(orphan)).lastModified!;
    await sweepOrphanRawObjects({ now: new Date(stamped.getTime() + 24 * HOUR - 1000) });
    expect(await objectExists("inbound", orphan)).toBe(true);
    const res = await sweepOrphanRawObjects({ now: new Date(stamped.getTime() + 24 * HOUR + 1000) });
    expect(res.deleted).toBeGreaterThanOrEqual(1);
    expect(await objectExists("inbound", orphan)).toBe(false);

    // 25 h on, an object with a row is kept however old.
    await sweepOrphanRawObjects({ now: new Date(Date.now() + 25 * HOUR) });
    expect(await objectExists("inbound", rowKey)).toBe(true);
  });

  it("pages through the listing (continuation tokens) and counts what the run deleted", async () => {
    const orphans = Array.from({ length: 5 }, orphanKey);
    for (const key of orphans) await putBytes("inbound", key, Buffer.from("orphan"));
    const kept = await storeInbound(rawEmail({ from: "kept@elsewhere.example" }).raw, { outbox: false });
    const keptKey = (await db.inboundEmail.findUniqueOrThrow({ where: { id: kept } })).rawKey;

    const res = await sweepOrphanRawObjects({ now: new Date(Date.now() + 25 * HOUR), pageSize: 2 });
    expect(res.listed).toBeGreaterThanOrEqual(6);
    expect(res.deleted).toBeGreaterThanOrEqual(5);
    for (const key of orphans) expect(await objectExists("inbound", key)).toBe(false);
    expect(await objectExists("inbound", keptKey)).toBe(true);

    // Through the daily run: the summary counts them.
    const another = orphanKey();
    await putBytes("inbound", another, Buffer.from("orphan"));
    const run = await purgeExpiredDocuments({ now: new Date(Date.now() + 25 * HOUR) });
    expect(run.orphans).toMatchObject({ deleted: 1 });
    expect(await objectExists("inbound", another)).toBe(false);
    expect((await db.auditEntry.findFirstOrThrow({ where: { action: "retention.purged" }, orderBy: { seq: "desc" } })).data).toMatchObject({ orphanRawObjects: 1 });
  });
});
