import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCases } from "@/lib/cases/list-cases";
import { queueCounts } from "@/lib/cases/queue-counts";
import { db } from "@/lib/db";
import { keyPrefix, sharedRedis } from "@/lib/queue/connection";
import { staffActor, type StaffTestActor } from "../support/devices-world";
import { makeAccount, makeQueueCase } from "./support/cases-world";

afterAll(() => db.$disconnect());

const refs = async (agent: StaffTestActor, view: string) => (await listCases(agent, { view, limit: 100 })).rows.map((r) => r.ref).sort();

describe("queue counts shared between callers", () => {
  let agent: StaffTestActor;
  beforeAll(async () => {
    agent = await staffActor("AGENT");
    await makeQueueCase({ status: "NEW" });
    await makeQueueCase({ status: "IN_REVIEW", assigneeId: agent.id });
  });

  it("the shared views are recounted at most once per max age; the caller's own count is always live", async () => {
    const first = await queueCounts(agent, { maxAgeMs: 60_000 });
    expect(first).toMatchObject({ unassigned: 1, open: 2, mine: 1 });
    await makeQueueCase({ status: "NEW" });
    await makeQueueCase({ status: "IN_REVIEW", assigneeId: agent.id });

    const cached = await queueCounts(agent, { maxAgeMs: 60_000 });
    expect(cached).toMatchObject({ unassigned: 1, open: 2, mine: 2, countedAt: first.countedAt });
    // Another caller (another web process alike) sees the same shared counts.
    const other = await staffActor("SUPERVISOR");
    expect(await queueCounts(other, { maxAgeMs: 60_000 })).toMatchObject({ unassigned: 1, open: 2, mine: 0, countedAt: first.countedAt });

    // Stale: the caller still gets the shared counts at once, and a recount starts in the background.
    await new Promise((r) => setTimeout(r, 30));
    expect(await queueCounts(agent, { maxAgeMs: 20 })).toMatchObject({ unassigned: 1, open: 2, mine: 2, countedAt: first.countedAt });
    let recounted = first;
    for (let i = 0; i < 100 && recounted.countedAt === first.countedAt; i++) {
      await new Promise((r) => setTimeout(r, 20));
      recounted = await queueCounts(agent, { maxAgeMs: 60_000 });
    }
    expect(recounted).toMatchObject({ unassigned: 2, open: 4, mine: 2 });
    expect(Date.parse(recounted.countedAt)).toBeGreaterThan(Date.parse(first.countedAt));
    expect(await queueCounts(agent, { maxAgeMs: 0 })).toMatchObject({ unassigned: 2, open: 4 });
  });

  it("callers arriving together while nothing is counted yet wait for one shared count", async () => {
    await sharedRedis().del(`${keyPrefix}queue:counts`);
    const together = await Promise.all(Array.from({ length: 12 }, () => queueCounts(agent, { maxAgeMs: 60_000 })));
    expect(new Set(together.map((c) => c.countedAt)).size).toBe(1);
    expect(together[0]).toMatchObject({ unassigned: 2, open: 4 });
  });
});

describe("open means undecided: the rule the queue's partial indexes rely on", () => {
  it("the database refuses a decided case without decidedAt and an open case with one", async () => {
    const account = await makeAccount();
    const base = { accountId: account.id, slaDueAt: new Date(Date.now() + 3_600_000) };
    await expect(db.reviewCase.create({ data: { ...base, status: "APPROVED" } })).rejects.toThrow(/decidedAt must be set exactly when the case is decided/);
    await expect(db.reviewCase.create({ data: { ...base, status: "IN_REVIEW", decidedAt: new Date() } })).rejects.toThrow(/decidedAt must be set exactly/);
    const c = await db.reviewCase.create({ data: { ...base, status: "REJECTED", decidedAt: new Date() } });
    await expect(db.reviewCase.update({ where: { id: c.id }, data: { status: "IN_REVIEW" } })).rejects.toThrow(/decidedAt must be set exactly/);
    await db.reviewCase.update({ where: { id: c.id }, data: { status: "IN_REVIEW", decidedAt: null } });
  });

  it("a case moves between the open and decided views as it is decided and reopened", async () => {
    const agent = await staffActor("AGENT");
    const made = await makeQueueCase({ status: "IN_REVIEW", assigneeId: agent.id });
    expect(await refs(agent, "open")).toContain(made.ref);
    expect(await refs(agent, "mine")).toContain(made.ref);
    await db.reviewCase.update({ where: { id: made.id }, data: { status: "REJECTED", decidedAt: new Date(), rejectReasons: ["DOCUMENT_EXPIRED"] } });
    expect(await refs(agent, "open")).not.toContain(made.ref);
    expect(await refs(agent, "mine")).not.toContain(made.ref);
    expect(await refs(agent, "decided")).toContain(made.ref);
    await db.reviewCase.update({ where: { id: made.id }, data: { status: "IN_REVIEW", decidedAt: null, rejectReasons: [] } });
    expect(await refs(agent, "open")).toContain(made.ref);
    expect(await refs(agent, "decided")).not.toContain(made.ref);
  });
});
