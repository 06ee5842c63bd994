import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as countsRoute } from "@/app/api/v1/cases/counts/route";
import { GET as listRoute } from "@/app/api/v1/cases/route";
import { listCases } from "@/lib/cases/list-cases";
import { queueCounts } from "@/lib/cases/queue-counts";
import { QUEUE_VIEWS, type QueueQueryInput, type QueueSort, type QueueView } from "@/lib/cases/queue-types";
import { db, type CasePriority } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import { makeCaller } from "./authz/callers";
import { staffActor, type StaffTestActor } from "../support/devices-world";
import { makeAccount, makeQueueCase, MIN, type MadeCase } from "./support/cases-world";

afterAll(() => db.$disconnect());

const NOW = new Date();
const refsOf = async (actor: StaffTestActor, input: QueueQueryInput) => (await listCases(actor, { limit: 100, ...input }, { now: NOW })).rows.map((r) => r.ref).sort();
const sorted = (cases: MadeCase[]) => cases.map((c) => c.ref).sort();

async function invalid(p: Promise<unknown>): Promise<{ code: string; fields: { path: string }[] }> {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as AppError | null;
  expect(err, "expected a refusal").not.toBeNull();
  return { code: err!.code, fields: (err!.details?.fields as { path: string }[]) ?? [] };
}

describe("the queue's views, filters and counts", () => {
  let agent: StaffTestActor;
  let other: StaffTestActor;
  const c = {} as Record<"mineNew" | "mineReview" | "othersReview" | "unassigned" | "overdue" | "marked" | "dueSoon" | "awaiting" | "escalated" | "secondApproval" | "approved" | "rejected", MadeCase>;

  beforeAll(async () => {
    [agent, other] = await Promise.all([staffActor("AGENT"), staffActor("AGENT")]);
    c.mineNew = await makeQueueCase({ status: "IN_REVIEW", assigneeId: agent.id, priority: "HIGH", riskFlags: ["NAME_MISMATCH", "IP_MISMATCH"], verdicts: ["ACCEPTED", "PREVIEW_UNAVAILABLE", "REJECTED", "PENDING"] });
    c.mineReview = await makeQueueCase({ status: "AWAITING_CUSTOMER", assigneeId: agent.id, riskFlags: ["NAME_MISMATCH"] });
    c.othersReview = await makeQueueCase({ status: "IN_REVIEW", assigneeId: other.id, priority: "URGENT" });
    c.unassigned = await makeQueueCase({ status: "NEW", priority: "LOW", email: "Zed.Person@Example.org" });
    c.overdue = await makeQueueCase({ status: "NEW", slaDueAt: new Date(NOW.getTime() - 5 * MIN) });
    c.marked = await makeQueueCase({ status: "IN_REVIEW", assigneeId: other.id, slaDueAt: new Date(NOW.getTime() - 60 * MIN), slaBreachedAt: new Date(NOW.getTime() - 59 * MIN) });
    c.dueSoon = await makeQueueCase({ status: "NEW", slaDueAt: new Date(NOW.getTime() + 10 * MIN) });
    c.awaiting = await makeQueueCase({ status: "AWAITING_CUSTOMER" });
    c.escalated = await makeQueueCase({ status: "ESCALATED", riskFlags: ["DUPLICATE_ID", "NAME_MISMATCH", "IP_MISMATCH"] });
    c.secondApproval = await makeQueueCase({ status: "PENDING_SECOND_APPROVAL", assigneeId: other.id });
    c.approved = await makeQueueCase({ status: "APPROVED", assigneeId: agent.id, slaDueAt: new Date(NOW.getTime() - 600 * MIN) });
    c.rejected = await makeQueueCase({ status: "REJECTED", assigneeId: agent.id, riskFlags: ["NAME_MISMATCH"] });
    // Inbound emails waiting for a manual link, and one that is not.
    for (const status of ["UNMATCHED", "UNMATCHED", "PROCESSED"] as const) {
      await db.inboundEmail.create({ data: { provider: "MIME", providerMessageId: `q-${status}-${Math.random()}`, rawKey: "k", rawSha256: "0".repeat(64), rawSize: 1, status } });
    }
  });

  const expected = (): Record<QueueView, MadeCase[]> => ({
    mine: [c.mineNew, c.mineReview],
    unassigned: [c.unassigned, c.overdue, c.dueSoon, c.awaiting, c.escalated],
    breaching: [c.overdue, c.marked],
    awaiting_customer: [c.mineReview, c.awaiting],
    escalated: [c.escalated, c.secondApproval],
    open: [c.mineNew, c.mineReview, c.othersReview, c.unassigned, c.overdue, c.marked, c.dueSoon, c.awaiting, c.escalated, c.secondApproval],
    decided: [c.approved, c.rejected],
  });

  it("each saved view holds exactly its cases, and the counts agree with the lists", async () => {
    for (const view of QUEUE_VIEWS) expect(await refsOf(agent, { view }), view).toEqual(sorted(expected()[view]));
    const counts = await queueCounts(agent, { now: NOW });
    expect(counts).toEqual({ ...Object.fromEntries(QUEUE_VIEWS.map((v) => [v, expected()[v].length])), unmatchedEmails: 2, countedAt: NOW.toISOString() });
    // "mine" is the caller's: the other agent has three open cases.
    expect((await queueCounts(other, { now: NOW })).mine).toBe(3);
  });

  it("filters by status, assignee, priority, SLA state, risk flags and created range, and combines them with a view", async () => {
    expect(await refsOf(agent, { status: ["NEW", "ESCALATED"] })).toEqual(sorted([c.unassigned, c.overdue, c.dueSoon, c.escalated]));
    expect(await refsOf(agent, { status: "APPROVED" })).toEqual([c.approved.ref]);
    expect(await refsOf(agent, { assignee: "me" })).toEqual(sorted([c.mineNew, c.mineReview, c.approved, c.rejected]));
    expect(await refsOf(agent, { assignee: other.id, view: "open" })).toEqual(sorted([c.othersReview, c.marked, c.secondApproval]));
    expect(await refsOf(agent, { assignee: "none", view: "escalated" })).toEqual([c.escalated.ref]);
    expect(await refsOf(agent, { priority: ["URGENT", "HIGH"] })).toEqual(sorted([c.mineNew, c.othersReview]));
    expect(await refsOf(agent, { sla: "breached" })).toEqual(sorted([c.overdue, c.marked]));
    expect(await refsOf(agent, { sla: "due_soon" })).toEqual([c.dueSoon.ref]);
    expect(await refsOf(agent, { sla: "ok" })).not.toContain(c.dueSoon.ref);
    expect(await refsOf(agent, { sla: "ok" })).not.toContain(c.approved.ref);
    // Every listed flag must be present (hasEvery), not any of them.
    expect(await refsOf(agent, { risk: ["NAME_MISMATCH", "IP_MISMATCH"] })).toEqual(sorted([c.mineNew, c.escalated]));
    expect(await refsOf(agent, { risk: "NAME_MISMATCH", view: "open" })).toEqual(sorted([c.mineNew, c.mineReview, c.escalated]));
    expect(await refsOf(agent, { createdFrom: new Date(NOW.getTime() - 86_400_000).toISOString(), createdTo: new Date(NOW.getTime() + 86_400_000).toISOString() })).toHaveLength(12);
    expect(await refsOf(agent, { createdTo: "2000-01-01" })).toEqual([]);
  });

  it("finds cases by reference, account uid and bound email (case-insensitive, exact or prefix)", async () => {
    expect(await refsOf(agent, { q: c.escalated.ref })).toEqual([c.escalated.ref]);
    expect(await refsOf(agent, { q: `gh${c.escalated.number}` })).toEqual([c.escalated.ref]);
    expect(await refsOf(agent, { q: c.awaiting.uid })).toEqual([c.awaiting.ref]);
    expect(await refsOf(agent, { q: "zed.person@example.org" })).toEqual([c.unassigned.ref]);
    expect(await refsOf(agent, { q: "ZED.PER" })).toEqual([c.unassigned.ref]);
    expect(await refsOf(agent, { q: "person@example.org" })).toEqual([]);
    expect(await refsOf(agent, { q: "GH-999999" })).toEqual([]);
  });

  it("rows carry what the queue shows: account, assignee, SLA state, viewable document count, version", async () => {
    const { rows } = await listCases(agent, { q: c.mineNew.ref }, { now: NOW });
    expect(rows[0]).toMatchObject({
      ref: c.mineNew.ref,
      status: "IN_REVIEW",
      priority: "HIGH",
      account: { uid: c.mineNew.uid, email: c.mineNew.email, realName: "Alex Example" },
      assignee: { id: agent.id, name: "Test AGENT" },
      slaState: "ok",
      documentCount: 2,
      version: 1,
    });
    expect((await listCases(agent, { q: c.overdue.ref }, { now: NOW })).rows[0]).toMatchObject({ slaState: "breached", assignee: null, documentCount: 0 });
    expect((await listCases(agent, { q: c.dueSoon.ref }, { now: NOW })).rows[0].slaState).toBe("due_soon");
    expect((await listCases(agent, { q: c.approved.ref }, { now: NOW })).rows[0].slaState).toBeNull();
  });

  it("refuses bad input with 400 naming the field, and callers without a staff role", async () => {
    for (const [input, field] of [
      [{ status: "BOGUS" }, "status"],
      [{ status: ["NEW", "nope"] }, "status"],
      [{ view: "everything" }, "view"],
      [{ assignee: "someone" }, "assignee"],
      [{ limit: 0 }, "limit"],
      [{ limit: "101" }, "limit"],
      [{ sort: "name" }, "sort"],
      [{ createdFrom: "yesterday" }, "createdFrom"],
      [{ cursor: "not a cursor!" }, "cursor"],
      [{ cursor: Buffer.from(JSON.stringify({ s: "urgency", d: "desc", p: "HIGH", t: 1, i: "x" })).toString("base64url") }, "cursor"],
    ] as [QueueQueryInput, string][]) {
      const r = await invalid(listCases(agent, input));
      expect({ code: r.code, path: r.fields[0]?.path }, JSON.stringify(input)).toEqual({ code: "INVALID_INPUT", path: field });
    }
    // A cursor from one sort is refused by another.
    const page = await listCases(agent, { sort: "created", limit: 1 });
    expect((await invalid(listCases(agent, { sort: "sla", cursor: page.nextCursor! }))).fields[0].path).toBe("cursor");
    expect((await invalid(listCases({ type: "ANONYMOUS" }, {}))).code).toBe("UNAUTHENTICATED");
    expect((await invalid(queueCounts({ type: "SYSTEM", id: "x" }))).code).toBe("FORBIDDEN");
  });

  it("over the API: repeated and comma-separated parameters, no-store, 400 with the field, counts", async () => {
    // Bearer only: a TOTP header is accepted once, and these reads need no step-up.
    const headers = { authorization: (await makeCaller("AUDITOR")).apiHeaders.authorization };
    const get = (url: string) => listRoute(new Request(url, { headers }), { params: Promise.resolve({}) });
    const res = await get(`http://localhost/api/v1/cases?status=NEW&status=ESCALATED&priority=NORMAL,LOW&limit=10`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { rows: { ref: string }[]; applied: unknown };
    expect(body.rows.map((r) => r.ref).sort()).toEqual(sorted([c.unassigned, c.overdue, c.dueSoon, c.escalated]));
    expect(body.applied).toEqual({ view: null, sort: "urgency", dir: "desc", limit: 10 });
    const bad = await get("http://localhost/api/v1/cases?priority=SOON");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "INVALID_INPUT", details: { fields: [{ path: "priority" }] } } });
    expect((await get("http://localhost/api/v1/cases?statsu=NEW")).status).toBe(400);
    expect((await listRoute(new Request("http://localhost/api/v1/cases"), { params: Promise.resolve({}) })).status).toBe(401);
    const counts = await countsRoute(new Request("http://localhost/api/v1/cases/counts", { headers }), { params: Promise.resolve({}) });
    expect(await counts.json()).toMatchObject({ open: 10, decided: 2, unmatchedEmails: 2 });
  });
});

describe("sorting and keyset paging", () => {
  const RANK: Record<CasePriority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };
  let agent: StaffTestActor;
  let uid: string;
  const rows: { ref: string; id: string; priority: CasePriority; slaDueAt: number; createdAt: number; updatedAt: number }[] = [];

  beforeAll(async () => {
    agent = await staffActor("AGENT");
    const account = await makeAccount();
    uid = account.uid;
    const base = Date.UTC(2026, 10, 1);
    const priorities: CasePriority[] = ["NORMAL", "URGENT", "LOW", "HIGH", "NORMAL"];
    // 23 cases with many ties on every sort key, so paging must fall back on id correctly.
    for (let i = 0; i < 23; i++) {
      const made = await makeQueueCase({
        accountId: account.id,
        priority: priorities[i % 5],
        slaDueAt: new Date(base + (i % 4) * 60 * MIN),
        createdAt: new Date(base - (i % 3) * MIN),
        updatedAt: new Date(base - (i % 6) * MIN),
      });
      rows.push({ ref: made.ref, id: made.id, priority: priorities[i % 5], slaDueAt: base + (i % 4) * 60 * MIN, createdAt: base - (i % 3) * MIN, updatedAt: base - (i % 6) * MIN });
    }
    // Noise that the filter must keep out of every page.
    await makeQueueCase({ priority: "URGENT" });
  });

  const cmpId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  type R = (typeof rows)[number];
  const order: Record<QueueSort, (a: R, b: R) => number> = {
    urgency: (a, b) => RANK[b.priority] - RANK[a.priority] || a.slaDueAt - b.slaDueAt || cmpId(a, b),
    sla: (a, b) => a.slaDueAt - b.slaDueAt || cmpId(a, b),
    created: (a, b) => b.createdAt - a.createdAt || cmpId(b, a),
    updated: (a, b) => b.updatedAt - a.updatedAt || cmpId(b, a),
  };
  const natural: Record<QueueSort, "asc" | "desc"> = { urgency: "desc", sla: "asc", created: "desc", updated: "desc" };

  for (const sort of ["urgency", "sla", "created", "updated"] as const) {
    for (const reversed of [false, true]) {
      const dir = reversed ? (natural[sort] === "asc" ? "desc" : "asc") : natural[sort];
      it(`${sort} ${dir}: pages of 4 cover every case once, in order`, async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await listCases(agent, { q: uid, sort, dir, limit: "4", cursor });
          expect(page.applied).toEqual({ view: null, sort, dir, limit: 4 });
          expect(page.rows.length).toBeLessThanOrEqual(4);
          seen.push(...page.rows.map((r) => r.ref));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor && pages < 20);
        const want = [...rows].sort(order[sort]);
        if (reversed) want.reverse();
        expect(seen).toEqual(want.map((r) => r.ref));
        expect(pages).toBe(6);
      });
    }
  }

  it("defaults: urgency, most urgent first, 50 a page", async () => {
    const page = await listCases(agent, { q: uid });
    expect(page.applied).toEqual({ view: null, sort: "urgency", dir: "desc", limit: 50 });
    expect(page.rows.map((r) => r.priority).slice(0, 5)).toEqual(["URGENT", "URGENT", "URGENT", "URGENT", "URGENT"]);
    expect(page.nextCursor).toBeNull();
  });
});
