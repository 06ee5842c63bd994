import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { processInboundEmail } from "@/lib/intake/process";
import { MAX_SWEEPS, sweepStuckInbound } from "@/lib/intake/sweep";
import { STUCK_AFTER_MS } from "@/lib/intake/staff/rules";
import { idPhotos, makeAccount, receive, seedSlaPolicies } from "../support/intake-world";

afterAll(() => db.$disconnect());

const jobsFor = (id: string) => db.outboxMessage.count({ where: { jobName: "intake.process", payload: { path: ["inboundEmailId"], equals: id } } });

/** Makes an email and every job queued for it look STUCK_AFTER_MS + 1 minute old. */
async function age(id: string): Promise<void> {
  const past = new Date(Date.now() - STUCK_AFTER_MS - 60_000);
  await db.inboundEmail.update({ where: { id }, data: { receivedAt: past } });
  await db.$executeRaw`UPDATE "OutboxMessage" SET "createdAt" = ${past} WHERE "jobName" = 'intake.process' AND payload->>'inboundEmailId' = ${id}`;
}

describe("intake sweep: emails that stopped moving are queued again, then become dead letters", () => {
  it("leaves fresh and finished emails alone, and requeues one that waited too long", async () => {
    await seedSlaPolicies();
    const acct = await makeAccount();
    const photos = await idPhotos("sweep-fresh");
    const fresh = await receive({ from: acct.email, attachments: [{ fileName: "front.jpg", contentType: "image/jpeg", bytes: photos.front }] });
    const done = await receive({ from: acct.email, attachments: [{ fileName: "back.jpg", contentType: "image/jpeg", bytes: photos.back }] });
    await processInboundEmail(done.inboundEmailId);
    await age(done.inboundEmailId);
    expect(await sweepStuckInbound()).toEqual({ requeued: [], failed: [] });
    await age(fresh.inboundEmailId);
    expect(await sweepStuckInbound()).toEqual({ requeued: [fresh.inboundEmailId], failed: [] });
    // Its new job counts as queued just now: the next sweep leaves it alone.
    expect(await sweepStuckInbound()).toEqual({ requeued: [], failed: [] });
    await processInboundEmail(fresh.inboundEmailId);
  });

  it("requeues a stuck email with a new job each time (audited), fails it after MAX_SWEEPS, and a requeued job processes it", async () => {
    const acct = await makeAccount();
    const photos = await idPhotos("sweep-stuck");
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [{ fileName: "front.jpg", contentType: "image/jpeg", bytes: photos.front }] });
    // A worker claimed it and died: PROCESSING with no job left.
    await db.inboundEmail.update({ where: { id: inboundEmailId }, data: { status: "PROCESSING" } });
    for (let i = 1; i <= MAX_SWEEPS; i++) {
      await age(inboundEmailId);
      expect(await sweepStuckInbound()).toEqual({ requeued: [inboundEmailId], failed: [] });
      expect(await jobsFor(inboundEmailId)).toBe(1 + i);
    }
    expect(await db.auditEntry.count({ where: { action: "email.requeued", targetId: inboundEmailId } })).toBe(MAX_SWEEPS);
    await age(inboundEmailId);
    expect(await sweepStuckInbound()).toEqual({ requeued: [], failed: [inboundEmailId] });
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
    expect(row.status).toBe("FAILED");
    expect(row.parseError).toMatch(/automatic requeues/);
    expect(await db.auditEntry.count({ where: { action: "email.failed", targetId: inboundEmailId } })).toBe(1);
  });

  it("a requeued job processes the email once", async () => {
    const acct = await makeAccount();
    const photos = await idPhotos("sweep-once");
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [{ fileName: "front.jpg", contentType: "image/jpeg", bytes: photos.front }] });
    await db.inboundEmail.update({ where: { id: inboundEmailId }, data: { status: "PROCESSING" } });
    await age(inboundEmailId);
    await sweepStuckInbound();
    const res = await processInboundEmail(inboundEmailId);
    expect(res.status).toBe("PROCESSED");
    expect(await db.document.count({ where: { inboundEmailId } })).toBe(1);
    expect((await processInboundEmail(inboundEmailId)).outcome).toBe("skipped");
    expect(await db.document.count({ where: { inboundEmailId } })).toBe(1);
  });
});
