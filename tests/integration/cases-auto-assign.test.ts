import type { Job } from "bullmq";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { GET as availabilityGet, PUT as availabilityPut } from "@/app/api/v1/me/availability/route";
import { endSession, startSession } from "@/lib/auth/session";
import { signOut } from "@/lib/auth/sign-out";
import { autoAssignRound } from "@/lib/cases/auto-assign";
import { getAvailability, setAvailability } from "@/lib/cases/availability";
import { claimNext } from "@/lib/cases/claim";
import { autoAssignJob } from "@/lib/cases/jobs";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { findJob } from "@/lib/queue/jobs";
import { disableStaff } from "@/lib/staff/disable-staff";
import { makeCaller } from "./authz/callers";
import { autoClaimsOf, held, onlineStaff, quietQueue } from "./support/auto-assign-world";
import { caseAudits, makeQueueCase, MIN, refusal } from "./support/cases-world";
import { makeSession, makeStaff } from "./support/staff";
import { staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeEach(quietQueue);

const caseRow = (id: string) => db.reviewCase.findUniqueOrThrow({ where: { id }, select: { status: true, assigneeId: true, version: true, claimedAt: true } });
/** n NORMAL cases, each due 10 minutes after the one before; made one by one, so case numbers follow urgency. */
async function cases(n: number, at = Date.now()) {
  const made = [];
  for (let i = 0; i < n; i++) made.push(await makeQueueCase({ slaDueAt: new Date(at + (i + 1) * 10 * MIN) }));
  return made;
}

describe("who is given cases", () => {
  it("only online, opted-in staff: signed out, idle, revoked, disabled, opted out, MFA pending and non-case roles get nothing", async () => {
    const online = await onlineStaff();
    const signedOut = await onlineStaff();
    await signOut({ actor: signedOut });
    const idle = await onlineStaff();
    await db.staffSession.update({ where: { id: idle.sessionId }, data: { lastActiveAt: new Date(Date.now() - (config.SESSION_IDLE_SECONDS + 60) * 1000) } });
    const revoked = await onlineStaff();
    await db.$transaction((tx) => endSession(tx, revoked.sessionId));
    const disabled = await onlineStaff();
    await disableStaff(await staffActor("ADMIN"), { staffId: disabled.id });
    // Not ACTIVE with a session still live: the status alone keeps them out.
    const inactive = await onlineStaff();
    await db.staffUser.update({ where: { id: inactive.id }, data: { status: "DISABLED" } });
    const optedOut = await makeStaff("AGENT");
    await makeSession(optedOut.id);
    const mfaPending = await makeStaff("AGENT");
    await db.$transaction((tx) => startSession(tx, { staffId: mfaPending.id, method: "PASSWORD" }));
    await db.staffUser.update({ where: { id: mfaPending.id }, data: { autoAssign: true } });
    const auditor = await makeStaff("AUDITOR");
    await makeSession(auditor.id);
    await db.staffUser.update({ where: { id: auditor.id }, data: { autoAssign: true } });
    await cases(6);

    // The default capacity (AUTO_ASSIGN_MAX_OPEN = 1): one case.
    const result = await autoAssignRound();
    expect(result).toMatchObject({ online: 1, assigned: 1 });
    expect(result.byStaff).toEqual({ [online.id]: 1 });
    for (const s of [signedOut, idle, revoked, disabled, inactive, optedOut, mfaPending, auditor]) expect(await held(s.id)).toEqual([]);
    expect(await db.reviewCase.count({ where: { status: "NEW", assigneeId: null } })).toBe(5);
  });

  it("supervisors take ESCALATED cases first (they stay ESCALATED); agents never get them", async () => {
    const agent = await onlineStaff("AGENT", { autoAssignedAt: null });
    const supervisor = await onlineStaff("SUPERVISOR", { autoAssignedAt: new Date(Date.now() - 5 * MIN) });
    const escalated = await makeQueueCase({ status: "ESCALATED", priority: "LOW" });
    const urgent = await makeQueueCase({ priority: "URGENT" });
    const normal = await makeQueueCase({ priority: "NORMAL" });
    const result = await autoAssignRound({ maxOpen: 2 });
    expect(result.byStaff).toEqual({ [agent.id]: 2, [supervisor.id]: 1 });
    expect((await held(agent.id)).map((c) => c.id)).toEqual([urgent.id, normal.id]);
    expect(await held(supervisor.id)).toEqual([{ id: escalated.id, status: "ESCALATED" }]);
    expect((await caseAudits(escalated.id, "case.claimed"))[0].data).toMatchObject({ via: "auto", statusBefore: "ESCALATED", statusAfter: "ESCALATED" });

    await quietQueue();
    const lone = await onlineStaff("AGENT");
    const onlyEscalated = await makeQueueCase({ status: "ESCALATED", priority: "URGENT" });
    expect((await autoAssignRound({ maxOpen: 5 })).assigned).toBe(0);
    expect(await held(lone.id)).toEqual([]);
    expect(await caseRow(onlyEscalated.id)).toMatchObject({ assigneeId: null, status: "ESCALATED" });
  });
});

describe("order and capacity", () => {
  it("round-robin, least recently given first: 3 agents, capacity 2, 5 cases → 2/2/1; the next round starts where this one stopped", async () => {
    const t = Date.now();
    const a = await onlineStaff("AGENT", { autoAssignedAt: new Date(t - 5 * MIN) });
    const b = await onlineStaff("AGENT", { autoAssignedAt: null });
    const c = await onlineStaff("AGENT", { autoAssignedAt: new Date(t - 10 * MIN) });
    const [c1, c2, c3, c4, c5] = await cases(5, t);

    const result = await autoAssignRound({ maxOpen: 2 });
    expect(result).toMatchObject({ online: 3, assigned: 5 });
    expect(result.byStaff).toEqual({ [b.id]: 2, [c.id]: 2, [a.id]: 1 });
    // Pass one in turn b, c, a; pass two b, c — each taking the most urgent case left.
    expect((await held(b.id)).map((x) => x.id)).toEqual([c1.id, c4.id]);
    expect((await held(c.id)).map((x) => x.id)).toEqual([c2.id, c5.id]);
    expect((await held(a.id)).map((x) => x.id)).toEqual([c3.id]);

    // a was given a case before b's and c's second ones: next in line.
    const order = await db.staffUser.findMany({ where: { id: { in: [a.id, b.id, c.id] } }, orderBy: { autoAssignedAt: "asc" }, select: { id: true } });
    expect(order.map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    const [c6, c7] = await cases(2, t + 60 * MIN);
    expect((await autoAssignRound({ maxOpen: 2 })).byStaff).toEqual({ [a.id]: 1 });
    expect((await held(a.id)).map((x) => x.id)).toEqual([c3.id, c6.id]);
    expect(await caseRow(c7.id)).toMatchObject({ assigneeId: null, status: "NEW" });
  });

  it("capacity holds across rounds; cases waiting on the customer or decided free a place", async () => {
    const agent = await onlineStaff();
    await cases(5);
    expect((await autoAssignRound({ maxOpen: 2 })).assigned).toBe(2);
    expect((await autoAssignRound({ maxOpen: 2 })).assigned).toBe(0);
    const [first, second] = await held(agent.id);
    await db.reviewCase.update({ where: { id: first.id }, data: { status: "AWAITING_CUSTOMER" } });
    expect((await autoAssignRound({ maxOpen: 2 })).byStaff).toEqual({ [agent.id]: 1 });
    await db.reviewCase.update({ where: { id: second.id }, data: { status: "APPROVED", decidedAt: new Date() } });
    expect((await autoAssignRound({ maxOpen: 2 })).byStaff).toEqual({ [agent.id]: 1 });
    expect(await db.reviewCase.count({ where: { assigneeId: agent.id, status: "IN_REVIEW" } })).toBe(2);
    expect(await db.reviewCase.count({ where: { status: "NEW", assigneeId: null } })).toBe(1);
  });

  it("gives the most urgent case first: priority, then SLA due", async () => {
    const agent = await onlineStaff();
    const t = Date.now();
    const low = await makeQueueCase({ priority: "LOW", slaDueAt: new Date(t + 5 * MIN) });
    const highLate = await makeQueueCase({ priority: "HIGH", slaDueAt: new Date(t + 60 * MIN) });
    const highEarly = await makeQueueCase({ priority: "HIGH", slaDueAt: new Date(t + 30 * MIN) });
    const normal = await makeQueueCase({ priority: "NORMAL", slaDueAt: new Date(t + 1 * MIN) });
    await makeQueueCase({ priority: "URGENT", status: "IN_REVIEW", assigneeId: (await makeStaff("AGENT")).id });
    expect((await autoAssignRound({ maxOpen: 4 })).assigned).toBe(4);
    expect((await autoClaimsOf(agent.id)).map((e) => e.caseId)).toEqual([highEarly.id, highLate.id, normal.id, low.id]);
  });
});

describe("what an assignment writes", () => {
  it("the case IN_REVIEW with the assignee, a CLAIMED event (via auto) and case.claimed by the system naming the assignee", async () => {
    const agent = await onlineStaff();
    const [c] = await cases(1);
    await autoAssignRound();
    expect(await caseRow(c.id)).toMatchObject({ status: "IN_REVIEW", assigneeId: agent.id, version: 2 });
    expect((await caseRow(c.id)).claimedAt).toBeInstanceOf(Date);
    const events = await db.caseEvent.findMany({ where: { caseId: c.id, type: "CLAIMED" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: agent.id, data: { via: "auto", statusBefore: "NEW", statusAfter: "IN_REVIEW" } });
    const audits = await caseAudits(c.id, "case.claimed");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "SYSTEM", actorId: "auto-assign", actorRole: null, targetType: "ReviewCase", targetId: c.id, outcome: "SUCCESS" });
    expect(audits[0].data).toEqual({ caseId: c.id, ref: c.ref, via: "auto", statusBefore: "NEW", statusAfter: "IN_REVIEW", assigneeId: agent.id });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: agent.id } })).autoAssignedAt).toBeInstanceOf(Date);
  });

  it("three rounds at once, capacity 1: each agent gets exactly one (the staff row lock; without it 2–3 each)", async () => {
    const agents = await Promise.all(Array.from({ length: 4 }, () => onlineStaff()));
    await cases(12);
    const rounds = await Promise.all([autoAssignRound(), autoAssignRound(), autoAssignRound()]);
    expect(await Promise.all(agents.map(async (a) => (await held(a.id)).length))).toEqual([1, 1, 1, 1]);
    expect(rounds.reduce((n, r) => n + r.assigned, 0)).toBe(4);
  });

  it("two rounds and claim-next racing: no case given twice, nobody over capacity", async () => {
    const agents = await Promise.all(Array.from({ length: 6 }, () => onlineStaff()));
    const claimers = await Promise.all(Array.from({ length: 5 }, () => staffActor("AGENT")));
    const all = await cases(20);
    const [r1, r2, ...claims] = await Promise.all([
      autoAssignRound({ maxOpen: 2 }),
      autoAssignRound({ maxOpen: 2 }),
      ...claimers.flatMap((cl) => [claimNext(cl), claimNext(cl)]),
    ]);
    const byClaim = claims.filter((r) => r.case).length;
    const assigned = await db.reviewCase.findMany({ where: { id: { in: all.map((x) => x.id) }, assigneeId: { not: null } }, select: { id: true, assigneeId: true } });
    expect(r1.assigned + r2.assigned + byClaim).toBe(assigned.length);
    const events = await db.caseEvent.findMany({ where: { caseId: { in: all.map((x) => x.id) }, type: "CLAIMED" }, select: { caseId: true, actorId: true } });
    expect(events).toHaveLength(assigned.length);
    expect(new Set(events.map((e) => e.caseId)).size).toBe(assigned.length);
    const owner = new Map(assigned.map((x) => [x.id, x.assigneeId]));
    for (const e of events) expect(e.actorId).toBe(owner.get(e.caseId));
    expect(await db.auditEntry.count({ where: { action: "case.claimed", caseId: { in: all.map((x) => x.id) } } })).toBe(assigned.length);
    const loads = await Promise.all(agents.map(async (a) => (await held(a.id)).length));
    for (const [i, a] of agents.entries()) expect(loads[i]).toBe((r1.byStaff[a.id] ?? 0) + (r2.byStaff[a.id] ?? 0));
    expect(Math.max(...loads)).toBeLessThanOrEqual(2);
    // Either every case went somewhere or every online agent is full.
    expect(assigned.length === 20 || loads.every((n) => n === 2)).toBe(true);
  });
});

describe("the scheduled job and the switch", () => {
  it("is registered every 10 s on the scheduler queue and does nothing while AUTO_ASSIGN_ENABLED is false", async () => {
    expect(findJob("cases.auto_assign")).toBe(autoAssignJob);
    expect(autoAssignJob).toMatchObject({ queue: "scheduler", schedule: { every: 10_000 } });
    expect(config.AUTO_ASSIGN_ENABLED).toBe(false);
    const agent = await onlineStaff();
    const [c] = await cases(1);
    expect(await autoAssignJob.handler({}, {} as Job)).toEqual({ enabled: false });
    expect(await caseRow(c.id)).toMatchObject({ assigneeId: null, status: "NEW" });

    config.AUTO_ASSIGN_ENABLED = true;
    try {
      expect(await autoAssignJob.handler({}, {} as Job)).toEqual({ enabled: true, online: 1, assigned: 1, byStaff: { [agent.id]: 1 }, passes: 2 });
    } finally {
      config.AUTO_ASSIGN_ENABLED = false;
    }
  });
});

describe("availability (opting in)", () => {
  it("setAvailability writes and audits a change once; the same value again is a no-op", async () => {
    const agent = await staffActor("AGENT");
    expect(await getAvailability(agent)).toEqual({ autoAssign: false, enabled: false, maxOpen: 1, openCases: 0, onlineStaff: null });
    expect(await setAvailability(agent, { autoAssign: true })).toMatchObject({ autoAssign: true, changed: true });
    expect(await setAvailability(agent, { autoAssign: true })).toMatchObject({ autoAssign: true, changed: false });
    expect(await setAvailability(agent, { autoAssign: false })).toMatchObject({ autoAssign: false, changed: true });
    const audits = await db.auditEntry.findMany({ where: { action: "staff.availability_changed", targetId: agent.id }, orderBy: { seq: "asc" } });
    expect(audits.map((e) => e.data)).toEqual([
      { staffId: agent.id, autoAssign: true },
      { staffId: agent.id, autoAssign: false },
    ]);
    expect(audits[0]).toMatchObject({ actorType: "STAFF", actorId: agent.id, targetType: "staff" });
  });

  it("counts the caller's IN_REVIEW and ESCALATED cases; supervisors see how many staff are online", async () => {
    const supervisor = await staffActor("SUPERVISOR");
    const agent = await onlineStaff();
    await makeQueueCase({ status: "IN_REVIEW", assigneeId: agent.id });
    await makeQueueCase({ status: "AWAITING_CUSTOMER", assigneeId: agent.id });
    await makeQueueCase({ status: "APPROVED", assigneeId: agent.id });
    expect(await getAvailability(agent)).toMatchObject({ autoAssign: true, openCases: 1, onlineStaff: null });
    expect((await getAvailability(supervisor)).onlineStaff).toBe(1);
    await signOut({ actor: agent });
    expect((await getAvailability(supervisor)).onlineStaff).toBe(0);
  });

  it("refuses roles without case.claim (audited), anonymous callers and bad input", async () => {
    for (const role of ["AUDITOR", "ADMIN"] as const) {
      const actor = await staffActor(role);
      expect((await refusal(getAvailability(actor))).code).toBe("FORBIDDEN");
      expect((await refusal(setAvailability(actor, { autoAssign: true }))).code).toBe("FORBIDDEN");
      const denied = await db.auditEntry.findMany({ where: { action: "auth.denied", actorId: actor.id } });
      expect(denied.map((e) => (e.data as { permission: string }).permission)).toEqual(["case.claim", "case.claim"]);
      expect((await db.staffUser.findUniqueOrThrow({ where: { id: actor.id } })).autoAssign).toBe(false);
    }
    expect((await refusal(setAvailability({ type: "ANONYMOUS" }, { autoAssign: true }))).code).toBe("UNAUTHENTICATED");
    const agent = await staffActor("AGENT");
    expect((await refusal(setAvailability(agent, { autoAssign: "yes" } as never))).code).toBe("INVALID_INPUT");
    expect((await refusal(setAvailability(agent, { autoAssign: true, other: 1 } as never))).code).toBe("INVALID_INPUT");
  });

  it("over the API: GET and PUT /api/v1/me/availability", async () => {
    const { authorization } = (await makeCaller("AGENT")).apiHeaders;
    const params = { params: Promise.resolve({}) };
    const url = "http://localhost/api/v1/me/availability";
    const put = (body: unknown) => availabilityPut(new Request(url, { method: "PUT", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) }), params);
    const first = await put({ autoAssign: true });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(await first.json()).toMatchObject({ autoAssign: true, changed: true, maxOpen: 1 });
    expect((await put({ autoAssign: "on" })).status).toBe(400);
    const got = await availabilityGet(new Request(url, { headers: { authorization } }), params);
    expect(await got.json()).toEqual({ autoAssign: true, enabled: false, maxOpen: 1, openCases: 0, onlineStaff: null });
    const auditor = (await makeCaller("AUDITOR")).apiHeaders.authorization;
    expect((await availabilityGet(new Request(url, { headers: { authorization: auditor } }), params)).status).toBe(403);
  });
});
