import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { DELETE as leaveRoute, POST as heartbeatRoute } from "@/app/api/v1/cases/[ref]/presence/route";
import { assignCases } from "@/lib/cases/assign";
import { claimCase } from "@/lib/cases/claim";
import { heartbeat, leave, PRESENCE_TTL_SECONDS, presenceKey } from "@/lib/cases/presence";
import { db } from "@/lib/db";
import { sharedRedis } from "@/lib/queue/connection";
import { staffActor } from "../support/devices-world";
import { makeCaller } from "./authz/callers";
import { caseAudits, makeQueueCase, refusal } from "./support/cases-world";

// A Redis nobody listens on: commands fail at once (no offline queue, no reconnects).
const deadRedis = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
deadRedis.on("error", () => undefined);

afterAll(async () => {
  deadRedis.disconnect();
  await sharedRedis().quit();
  await db.$disconnect();
});


const ids = (s: { viewers: { staffId: string }[] }) => s.viewers.map((v) => v.staffId);

describe("presence", () => {
  it("two staff on one case each see the other, with name, role, since and who is the assignee", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const c = await makeQueueCase({});
    await claimCase(agent, { ref: c.ref });

    const first = await heartbeat(agent, { ref: c.ref, version: 2 });
    expect(first).toMatchObject({ available: true, viewers: [], stale: false, lastChange: null, case: { ref: c.ref, version: 2, status: "IN_REVIEW", assignee: { id: agent.id } } });
    const second = await heartbeat(supervisor, { ref: c.ref.toLowerCase() });
    expect(second.viewers).toEqual([{ staffId: agent.id, name: "Test AGENT", role: "AGENT", since: expect.any(String), isAssignee: true }]);
    const again = await heartbeat(agent, { ref: c.ref, version: 2 });
    expect(again.viewers).toEqual([{ staffId: supervisor.id, name: "Test SUPERVISOR", role: "SUPERVISOR", since: expect.any(String), isAssignee: false }]);
    // `since` is the visit's first heartbeat, not the latest one.
    expect((await heartbeat(supervisor, { ref: c.ref })).viewers[0].since).toBe(second.viewers[0].since);
    // Presence is not a change to the case: no audit entry, no timeline event, no version bump.
    expect(await db.auditEntry.count({ where: { caseId: c.id, action: { notIn: ["case.claimed"] } } })).toBe(0);
    expect(await db.caseEvent.count({ where: { caseId: c.id } })).toBe(1);
    expect(await db.reviewCase.findUniqueOrThrow({ where: { id: c.id }, select: { version: true } })).toEqual({ version: 2 });
  });

  it("a heartbeat older than the TTL disappears; a new visit starts a new `since`", async () => {
    const [a, b] = await Promise.all([staffActor("AGENT"), staffActor("AGENT")]);
    const c = await makeQueueCase({});
    const t0 = new Date(Date.now() - 120_000);
    await heartbeat(a, { ref: c.ref }, { now: t0 });
    expect(ids(await heartbeat(b, { ref: c.ref }, { now: new Date(t0.getTime() + (PRESENCE_TTL_SECONDS - 1) * 1000) }))).toEqual([a.id]);
    expect(ids(await heartbeat(b, { ref: c.ref }, { now: new Date(t0.getTime() + PRESENCE_TTL_SECONDS * 1000) }))).toEqual([]);
    const back = new Date(t0.getTime() + 60_000);
    await heartbeat(a, { ref: c.ref }, { now: back });
    expect((await heartbeat(b, { ref: c.ref }, { now: back })).viewers).toMatchObject([{ staffId: a.id, since: back.toISOString() }]);
  });

  it("leave removes the caller at once; the keys go when nobody is left", async () => {
    const [a, b] = await Promise.all([staffActor("AGENT"), staffActor("AUDITOR")]);
    const c = await makeQueueCase({});
    await heartbeat(a, { ref: c.ref });
    expect(ids(await heartbeat(b, { ref: c.ref }))).toEqual([a.id]);
    expect(await leave(a, { ref: c.ref })).toEqual({ left: true });
    expect(ids(await heartbeat(b, { ref: c.ref }))).toEqual([]);
    await leave(b, { ref: c.ref });
    expect(await sharedRedis().exists(presenceKey(c.id), `${presenceKey(c.id)}:since`)).toBe(0);
  });

  it("reports the current version and who changed the case, so a stale tab knows before it writes", async () => {
    const [agent, supervisor, other] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR"), staffActor("AGENT")]);
    const c = await makeQueueCase({});
    await claimCase(agent, { ref: c.ref, version: 1 });
    await assignCases(supervisor, { refs: [c.ref], assigneeId: other.id, version: 2 });
    const s = await heartbeat(agent, { ref: c.ref, version: 2 });
    expect(s).toMatchObject({ stale: true, case: { version: 3, status: "IN_REVIEW", assignee: { id: other.id } } });
    expect(s.lastChange).toEqual({ type: "ASSIGNED", at: expect.any(String), by: { id: supervisor.id, name: "Test SUPERVISOR" }, byYou: false });
    expect((await heartbeat(supervisor, { ref: c.ref, version: 2 })).lastChange?.byYou).toBe(true);
    expect(await heartbeat(agent, { ref: c.ref, version: 3 })).toMatchObject({ stale: false, lastChange: null });
  });

  it("refuses anonymous callers and bad input; every role that reads cases may heartbeat", async () => {
    const c = await makeQueueCase({});
    expect((await refusal(heartbeat({ type: "ANONYMOUS" }, { ref: c.ref }))).code).toBe("UNAUTHENTICATED");
    expect((await refusal(leave({ type: "SYSTEM", id: "job" }, { ref: c.ref }))).code).toBe("FORBIDDEN");
    const admin = await staffActor("ADMIN");
    expect((await heartbeat(admin, { ref: c.ref })).available).toBe(true);
    expect((await refusal(heartbeat(admin, { ref: "GH-999990" }))).code).toBe("NOT_FOUND");
    expect((await refusal(heartbeat(admin, { ref: "nope" }))).code).toBe("INVALID_INPUT");
    expect((await refusal(heartbeat(admin, { ref: c.ref, version: 0 }))).code).toBe("INVALID_INPUT");
    expect(await db.auditEntry.count({ where: { action: "auth.denied", data: { path: ["permission"], equals: "queue.read" } } })).toBeGreaterThanOrEqual(2);
  });

  it("with Redis down: presence unavailable, the version still reported, nothing thrown", async () => {
    const agent = await staffActor("AGENT");
    const c = await makeQueueCase({});
    const s = await heartbeat(agent, { ref: c.ref, version: 1 }, { redis: deadRedis });
    expect(s).toMatchObject({ available: false, viewers: [], stale: false, case: { version: 1, status: "NEW" } });
    expect(await leave(agent, { ref: c.ref }, { redis: deadRedis })).toEqual({ left: false });
  });

  it("over the API with a Bearer token: POST answers viewers and version, DELETE 204, anonymous 401", async () => {
    const [api, agent] = await Promise.all([makeCaller("SUPERVISOR"), staffActor("AGENT")]);
    const c = await makeQueueCase({});
    await heartbeat(agent, { ref: c.ref });
    const call = (method: "POST" | "DELETE", headers: Record<string, string>, body?: unknown) => {
      const init: RequestInit = { method, headers: body === undefined ? headers : { ...headers, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) };
      const handler = method === "POST" ? heartbeatRoute : leaveRoute;
      return handler(new Request(`http://localhost/api/v1/cases/${c.ref}/presence`, init), { params: Promise.resolve({ ref: c.ref }) });
    };
    const auth = { authorization: api.apiHeaders.authorization };
    const res = await call("POST", auth, { version: 1 });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ available: true, stale: false, case: { ref: c.ref, version: 1 }, viewers: [{ staffId: agent.id, isAssignee: false }], heartbeatSeconds: 15 });
    expect((await call("POST", auth)).status).toBe(200);
    expect(ids(await heartbeat(agent, { ref: c.ref }))).toEqual([api.staffId]);
    expect((await call("DELETE", auth)).status).toBe(204);
    expect(ids(await heartbeat(agent, { ref: c.ref }))).toEqual([]);
    expect((await call("POST", {}, { version: 1 })).status).toBe(401);
    expect((await call("POST", auth, { version: "1" })).status).toBe(400);
  });
});

describe("supervisor take-over (assignCases to oneself, with the page's version)", () => {
  it("a supervisor takes over an agent's case: assignee changes, version bumps, case.assigned audited; a stale page gets 409", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const c = await makeQueueCase({});
    await claimCase(agent, { ref: c.ref, version: 1 });
    expect((await refusal(assignCases(supervisor, { refs: [c.ref], assigneeId: supervisor.id, version: 1 }))).code).toBe("CONFLICT");
    expect(await assignCases(supervisor, { refs: [c.ref], assigneeId: supervisor.id, version: 2 })).toEqual({ assigned: [{ ref: c.ref, version: 3, assigneeId: supervisor.id }] });
    expect(await db.reviewCase.findUniqueOrThrow({ where: { id: c.id }, select: { assigneeId: true, status: true } })).toEqual({ assigneeId: supervisor.id, status: "IN_REVIEW" });
    const [audit] = await caseAudits(c.id, "case.assigned");
    expect(audit).toMatchObject({ actorId: supervisor.id, outcome: "SUCCESS", data: { assigneeBefore: agent.id, assigneeAfter: supervisor.id, bulk: false } });
    // The agent's open tab learns about it on its next heartbeat.
    expect(await heartbeat(agent, { ref: c.ref, version: 2 })).toMatchObject({ stale: true, case: { assignee: { id: supervisor.id } }, lastChange: { type: "ASSIGNED", by: { id: supervisor.id } } });
  });

  it("an escalated, unassigned case can be taken over too", async () => {
    const supervisor = await staffActor("SUPERVISOR");
    const c = await makeQueueCase({ status: "ESCALATED" });
    await assignCases(supervisor, { refs: [c.ref], assigneeId: supervisor.id, version: 1 });
    expect(await db.reviewCase.findUniqueOrThrow({ where: { id: c.id }, select: { assigneeId: true, status: true } })).toEqual({ assigneeId: supervisor.id, status: "ESCALATED" });
  });

  it("an agent cannot take over a colleague's case; the refusal is audited and nothing changes", async () => {
    const [owner, agent] = await Promise.all([staffActor("AGENT"), staffActor("AGENT")]);
    const c = await makeQueueCase({});
    await claimCase(owner, { ref: c.ref });
    expect((await refusal(assignCases(agent, { refs: [c.ref], assigneeId: agent.id, version: 2 }))).code).toBe("FORBIDDEN");
    expect(await db.auditEntry.findFirst({ where: { action: "auth.denied", actorId: agent.id }, orderBy: { seq: "desc" } })).toMatchObject({ outcome: "DENIED", data: { permission: "case.assign" } });
    expect(await db.reviewCase.findUniqueOrThrow({ where: { id: c.id }, select: { assigneeId: true, version: true } })).toEqual({ assigneeId: owner.id, version: 2 });
  });
});
