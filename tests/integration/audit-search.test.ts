import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as entriesRoute } from "@/app/api/v1/audit/entries/route";
import type { Actor } from "@/lib/auth/actor";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { appendAudit, type AuditAction, type AuditActionData } from "@/lib/audit";
import { listAuditEntries, type AuditEntryRow } from "@/lib/audit/search";
import { db } from "@/lib/db";
import type { AuditOutcome } from "@/lib/generated/prisma/enums";
import { sharedRedis } from "@/lib/queue/connection";
import { makeQueueCase, type MadeCase } from "./support/cases-world";
import { makeStaff, type MadeStaff } from "./support/staff";

afterAll(async () => {
  await db.$disconnect();
  await sharedRedis().quit();
});

const request = { requestId: "req-audit-search", ip: "198.51.100.7", userAgent: "vitest" };
const staffActor = (s: MadeStaff): Actor => ({ type: "STAFF", id: s.id, role: s.role });
const system: Actor = { type: "SYSTEM", id: "test" };

let auditor: MadeStaff;
let agent: MadeStaff;
let supervisor: MadeStaff;
let caseA: MadeCase;
let caseB: MadeCase;

async function write<A extends AuditAction>(action: A, data: AuditActionData[A], opts: { actor: Actor; caseId?: string; accountId?: string; outcome?: AuditOutcome }) {
  return db.$transaction((tx) => appendAudit(tx, { action, data, actor: opts.actor, caseId: opts.caseId, accountId: opts.accountId, outcome: opts.outcome, request }));
}

const seqs = (rows: AuditEntryRow[]) => rows.map((r) => Number(r.seq));

beforeAll(async () => {
  [auditor, agent, supervisor] = await Promise.all([makeStaff("AUDITOR"), makeStaff("AGENT"), makeStaff("SUPERVISOR")]);
  caseA = await makeQueueCase();
  caseB = await makeQueueCase();
  const agentActor = staffActor(agent);
  for (const c of [caseA, caseB]) {
    await write("case.claimed", { caseId: c.id, ref: c.ref, via: "next", statusBefore: "NEW", statusAfter: "IN_REVIEW" }, { actor: agentActor, caseId: c.id, accountId: c.accountId });
    await write("case.note_added", { caseId: c.id, ref: c.ref, noteId: "n1", length: 12 }, { actor: agentActor, caseId: c.id, accountId: c.accountId });
  }
  await write("auth.denied", { permission: "audit.read", reason: "role AGENT may not audit.read", resourceType: null, resourceId: null }, { actor: agentActor, outcome: "DENIED" });
  await write("outbox.pruned", { deleted: 3, publishedBefore: "2026-01-01T00:00:00.000Z" }, { actor: { type: "SYSTEM", id: "scheduler" } });
  await write("case.reopened", { caseId: caseA.id, ref: caseA.ref, statusBefore: "APPROVED", decidedAt: null, versionAfter: 3 }, { actor: staffActor(supervisor), caseId: caseA.id, accountId: caseA.accountId });
});

describe("listAuditEntries", () => {
  it("narrows by case (ref or id), account, actor, action, action prefix, outcome and date range", async () => {
    const me = staffActor(auditor);
    const byCase = await listAuditEntries(me, { case: caseA.ref });
    expect(byCase.rows.map((r) => r.action)).toEqual(["case.reopened", "case.note_added", "case.claimed"]);
    expect(byCase.rows.every((r) => r.case?.ref === caseA.ref && r.account?.uid === caseA.uid)).toBe(true);
    expect((await listAuditEntries(me, { case: caseA.id })).rows).toHaveLength(3);
    expect((await listAuditEntries(me, { case: [caseA.ref, caseB.ref] })).rows).toHaveLength(5);
    expect((await listAuditEntries(me, { account: caseB.uid })).rows.map((r) => r.action)).toEqual(["case.note_added", "case.claimed"]);

    const byAgent = await listAuditEntries(me, { actor: agent.id });
    expect(byAgent.rows).toHaveLength(5);
    expect(byAgent.rows[0].actor).toMatchObject({ type: "STAFF", id: agent.id, role: "AGENT", name: "Test AGENT" });
    expect((await listAuditEntries(me, { actor: agent.email.toUpperCase() })).rows).toHaveLength(5);
    expect(seqs((await listAuditEntries(me, { actor: "scheduler" })).rows)).toHaveLength(1);

    expect((await listAuditEntries(me, { action: "case.claimed" })).rows).toHaveLength(2);
    expect((await listAuditEntries(me, { action: "case." })).rows).toHaveLength(5);
    expect((await listAuditEntries(me, { action: "case.*", account: caseA.uid })).rows).toHaveLength(3);
    expect((await listAuditEntries(me, { action: ["outbox.pruned", "auth.denied"] })).rows).toHaveLength(2);
    expect((await listAuditEntries(me, { outcome: "DENIED", actor: agent.id })).rows.map((r) => r.action)).toEqual(["auth.denied"]);

    const all = await db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    const mid = all[4].occurredAt;
    const after = await listAuditEntries(me, { from: mid.toISOString(), actor: agent.id });
    expect(after.rows.every((r) => new Date(r.occurredAt) >= mid)).toBe(true);
    const before = await listAuditEntries(me, { to: mid.toISOString(), actor: agent.id });
    expect(before.rows.every((r) => new Date(r.occurredAt) < mid)).toBe(true);
    expect(after.rows.length + before.rows.length).toBe(5);
    expect((await listAuditEntries(me, { from: "2020-01-01", to: "2020-01-02" })).rows).toEqual([]);
  });

  it("returns the hash chain fields and the typed data", async () => {
    const [row] = (await listAuditEntries(staffActor(auditor), { action: "case.reopened" })).rows;
    const stored = await db.auditEntry.findUniqueOrThrow({ where: { seq: BigInt(row.seq) } });
    expect(row).toMatchObject({ hash: stored.hash, prevHash: stored.prevHash, requestId: "req-audit-search", ip: "198.51.100.7", data: { versionAfter: 3, ref: caseA.ref } });
    expect(row.occurredAt).toBe(stored.occurredAt.toISOString());
  });

  it("refuses bad input naming the field", async () => {
    const me = staffActor(auditor);
    await expect(listAuditEntries(me, { case: "GH-999999" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: /no case GH-999999/ });
    await expect(listAuditEntries(me, { from: "yesterday" })).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [{ path: "from" }] } });
    await expect(listAuditEntries(me, { from: "2026-02-01", to: "2026-01-01" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(listAuditEntries(me, { limit: 500 })).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [{ path: "limit" }] } });
    await expect(listAuditEntries(me, { action: "DROP TABLE" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(listAuditEntries(me, { cursor: "garbage" })).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [{ path: "cursor" }] } });
  });

  it("keyset pages return every entry exactly once, both orders, forwards and back, while entries keep arriving", async () => {
    const me = staffActor(auditor);
    for (let i = 0; i < 23; i++) await write("outbox.pruned", { deleted: i, publishedBefore: "2026-01-01T00:00:00.000Z" }, { actor: { type: "SYSTEM", id: "paging" } });
    const expected = (await db.auditEntry.findMany({ where: { actorId: "paging" }, select: { seq: true }, orderBy: { seq: "asc" } })).map((r) => Number(r.seq));
    for (const order of ["desc", "asc"] as const) {
      const pages: AuditEntryRow[][] = [];
      let cursor: string | undefined;
      do {
        const page = await listAuditEntries(me, { actor: "paging", order, limit: 5, cursor });
        pages.push(page.rows);
        cursor = page.nextCursor ?? undefined;
        // New entries arriving meanwhile never shift the pages.
        await write("outbox.pruned", { deleted: 0, publishedBefore: "2026-01-01T00:00:00.000Z" }, { actor: { type: "SYSTEM", id: "elsewhere" } });
      } while (cursor);
      const walked = pages.flatMap(seqs);
      expect(walked).toEqual(order === "asc" ? expected : [...expected].reverse());
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);

      // Back from the last page to the first with prevCursor.
      const third = await listAuditEntries(me, { actor: "paging", order, limit: 5, cursor: (await listAuditEntries(me, { actor: "paging", order, limit: 10 })).nextCursor! });
      expect(seqs(third.rows)).toEqual(seqs(pages[2]).concat(seqs(pages[3])).slice(0, 5));
      const second = await listAuditEntries(me, { actor: "paging", order, limit: 5, cursor: third.prevCursor! });
      expect(seqs(second.rows)).toEqual(seqs(pages[1]));
      const first = await listAuditEntries(me, { actor: "paging", order, limit: 5, cursor: second.prevCursor! });
      expect(seqs(first.rows)).toEqual(seqs(pages[0]));
      expect(first.prevCursor).toBeNull();
      expect(first.nextCursor).not.toBeNull();
    }
    const asc = await listAuditEntries(me, { actor: "paging", order: "asc", limit: 5 });
    await expect(listAuditEntries(me, { actor: "paging", order: "desc", cursor: asc.nextCursor! })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("records every search as an audit.searched entry", async () => {
    const before = await db.auditEntry.count({ where: { action: "audit.searched" } });
    const page = await listAuditEntries(staffActor(auditor), { case: caseB.ref, action: "case.", limit: 10 }, { request, via: "console" });
    expect(await db.auditEntry.count({ where: { action: "audit.searched" } })).toBe(before + 1);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "audit.searched" }, orderBy: { seq: "desc" } });
    expect(entry).toMatchObject({
      actorId: auditor.id,
      actorRole: "AUDITOR",
      requestId: request.requestId,
      data: { filters: { case: caseB.ref, action: "case.", order: "desc", limit: "10" }, rows: page.rows.length, via: "console" },
    });
    // The search's own entry comes after the page it returned.
    expect(Number(entry.seq)).toBeGreaterThan(Number(page.rows[0].seq));
  });

  it("refuses agents (403, auth.denied) and lets supervisors read", async () => {
    await expect(listAuditEntries(staffActor(agent), {}, { request })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await db.auditEntry.findFirstOrThrow({ where: { action: "auth.denied" }, orderBy: { seq: "desc" } });
    expect(denied).toMatchObject({ actorId: agent.id, outcome: "DENIED", data: { permission: "audit.read" } });
    expect((await listAuditEntries(staffActor(supervisor), { limit: 1 })).rows).toHaveLength(1);
  });
});

describe("GET /api/v1/audit/entries", () => {
  const call = (token: string | null, query: string) =>
    entriesRoute(new Request(`http://localhost/api/v1/audit/entries?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), { params: Promise.resolve({}) });

  it("lists with filters and cursors, audits the read as via api, and refuses agents and typos", async () => {
    const { token } = await createApiTokenUnchecked(undefined, { staffId: auditor.id, name: "audit script" }, { actor: system, via: "cli" });
    const res = await call(token, `case=${caseA.ref}&order=asc&limit=2`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rows.map((r: AuditEntryRow) => r.action)).toEqual(["case.claimed", "case.note_added"]);
    expect(body.applied).toMatchObject({ order: "asc", limit: 2 });
    const next = await (await call(token, `case=${caseA.ref}&order=asc&limit=2&cursor=${body.nextCursor}`)).json();
    expect(next.rows.map((r: AuditEntryRow) => r.action)).toEqual(["case.reopened"]);
    expect(next.nextCursor).toBeNull();
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "audit.searched" }, orderBy: { seq: "desc" } });
    expect(entry).toMatchObject({ actorType: "API_TOKEN", data: { via: "api", rows: 1 } });

    const typo = await call(token, "acton=case.");
    expect(typo.status).toBe(400);

    const agentToken = await createApiTokenUnchecked(undefined, { staffId: agent.id, name: "agent" }, { actor: system, via: "cli" });
    expect((await call(agentToken.token, "")).status).toBe(403);
    expect((await call(null, "")).status).toBe(401);
  });
});
