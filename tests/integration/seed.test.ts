import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit";
import { db } from "@/lib/db";
import { getBytes } from "@/lib/storage";
import { seedDemo } from "../../prisma/seed/demo";

afterAll(() => db.$disconnect());

describe("demo seed", () => {
  it("builds the demo world in the database and S3, and a second run changes nothing", async () => {
    const first = await seedDemo(db, { now: new Date("2026-11-20T12:00:00Z"), log: () => undefined });
    expect(first.seeded).toBe(true);

    const roles = await db.staffUser.groupBy({ by: ["role"], _count: true });
    expect(roles.map((r) => r.role).sort()).toEqual(["ADMIN", "AGENT", "AUDITOR", "SUPERVISOR"]);
    const caseStatuses = (await db.reviewCase.groupBy({ by: ["status"], _count: true })).map((r) => r.status).sort();
    expect(caseStatuses).toEqual(["APPROVED", "AWAITING_CUSTOMER", "ESCALATED", "IN_REVIEW", "NEW", "PENDING_SECOND_APPROVAL", "REJECTED"]);
    const deviceStatuses = (await db.device.groupBy({ by: ["status"], _count: true })).map((r) => r.status).sort();
    expect(deviceStatuses).toEqual(["AUTHORIZED", "EXPIRED", "PENDING", "REVOKED"]);
    expect(await db.account.count({ where: { kycStatus: "VERIFIED" } })).toBeGreaterThan(0);
    expect(await db.account.count({ where: { kycStatus: "UNVERIFIED" } })).toBeGreaterThan(0);
    const oldest = await db.loginEvent.findFirstOrThrow({ orderBy: { occurredAt: "asc" } });
    expect(Date.parse("2026-11-20T12:00:00Z") - oldest.occurredAt.getTime()).toBeGreaterThan(50 * 86_400_000);

    // Every front/back photo is a real JPEG in the documents bucket, and its thumbnail too.
    const doc = await db.document.findFirstOrThrow({ where: { side: "FRONT", verdict: "ACCEPTED" } });
    const image = await sharp(await getBytes("documents", doc.normalizedKey!)).metadata();
    expect(image.format).toBe("jpeg");
    expect(image.width).toBeGreaterThan(800);
    expect(image.exif).toBeUndefined(); // normalised copies carry no metadata
    expect((await sharp(await getBytes("documents", doc.thumbnailKey!)).metadata()).width).toBeLessThanOrEqual(240);
    const email = await db.inboundEmail.findFirstOrThrow({ where: { status: "PROCESSED" } });
    expect((await getBytes("inbound", email.rawKey)).toString("utf8")).toMatch(/^[\s\S]*Content-Type: multipart\/mixed/i);

    const counts = { cases: await db.reviewCase.count(), audit: await db.auditEntry.count() };
    const second = await seedDemo(db, { log: () => undefined });
    expect(second.seeded).toBe(false);
    expect({ cases: await db.reviewCase.count(), audit: await db.auditEntry.count() }).toEqual(counts);
    expect((await verifyChain()).ok).toBe(true);
  });
});
