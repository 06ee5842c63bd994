import { afterAll, describe, expect, it } from "vitest";
import { POST as claimNextRoute } from "@/app/api/v1/cases/claim-next/route";
import { POST as assignRoute } from "@/app/api/v1/cases/[ref]/assign/route";
import { GET as caseRoute } from "@/app/api/v1/cases/[ref]/route";
import { assignCases, listAssignableStaff } from "@/lib/cases/assign";
import { claimCase, claimNext } from "@/lib/cases/claim";
import { getCase } from "@/lib/cases/get-case";
import { markSlaBreachesJob } from "@/lib/cases/jobs";
import { addNote } from "@/lib/cases/notes";
import { markSlaBreaches } from "@/lib/cases/sla";
import { db } from "@/lib/db";
import { findJob } from "@/lib/queue/jobs";
import { makeCaller } from "./authz/callers";
import { makeStaff } from "./support/staff";
import { staffActor } from "../support/devices-world";
import { caseAudits, makeQueueCase, MIN, refusal } from "./support/cases-world";

afterAll(() => db.$disconnect());

const caseRow = (id: string) => db.reviewCase.findUniqueOrThrow({ where: { id }, select: { status: true, assigneeId: true, version: true, claimedAt: true, slaBreachedAt: true } });
const events = (caseId: string, type?: string) => db.caseEvent.findMany({ where: { caseId, ...(type ? { type: type as never } : {}) }, orderBy: { createdAt: "asc" } });
/** Claims left over from one test must not feed the next: every unassigned claimable case is parked. */
const park = () => db.reviewCase.updateMany({ where: { assigneeId: null, status: { in: ["NEW", "ESCALATED"] } }, data: { status: "AWAITING_CUSTOMER" } });

describe("claim next", () => {
  it("orders by the priority enum, not its name: HIGH before NORMAL before LOW (as text, LOW sorts above HIGH)", async () => {
    await park();
    const agent = await staffActor("AGENT");
    const due = new Date(Date.now() + 60 * MIN);
    const low = await makeQueueCase({ priority: "LOW", slaDueAt: due });
    const high = await makeQueueCase({ priority: "HIGH", slaDueAt: due });
    const normal = await makeQueueCase({ priority: "NORMAL", slaDueAt: due });
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await claimNext(agent)).case?.ref ?? null);
    expect(order).toEqual([high.ref, normal.ref, low.ref]);
  });

  it("gives the most urgent case first (priority, then SLA due), marks it IN_REVIEW, and records it", async () => {
    await park();
    const agent = await staffActor("AGENT");
    const t = Date.now();
    const normalLate = await makeQueueCase({ priority: "NORMAL", slaDueAt: new Date(t + 90 * MIN) });
    const urgent = await makeQueueCase({ priority: "URGENT", slaDueAt: new Date(t + 120 * MIN) });
    const normalEarly = await makeQueueCase({ priority: "NORMAL", slaDueAt: new Date(t + 30 * MIN) });
    const taken = await makeQueueCase({ priority: "URGENT", status: "IN_REVIEW", assigneeId: (await makeStaff("AGENT")).id });
    const escalated = await makeQueueCase({ priority: "URGENT", status: "ESCALATED" });

    const order = [];
    for (let i = 0; i < 4; i++) order.push((await claimNext(agent)).case?.ref ?? null);
    // Agents never get escalated cases or someone else's.
    expect(order).toEqual([urgent.ref, normalEarly.ref, normalLate.ref, null]);
    expect(await caseRow(urgent.id)).toMatchObject({ status: "IN_REVIEW", assigneeId: agent.id, version: 2 });
    expect((await caseRow(urgent.id)).claimedAt).toBeInstanceOf(Date);
    expect(await caseRow(taken.id)).toMatchObject({ version: 1 });
    expect(await caseRow(escalated.id)).toMatchObject({ assigneeId: null, status: "ESCALATED" });

    const [ev] = await events(urgent.id, "CLAIMED");
    expect(ev).toMatchObject({ actorId: agent.id, data: { via: "next", statusBefore: "NEW", statusAfter: "IN_REVIEW" } });
    const [audit] = await caseAudits(urgent.id, "case.claimed");
    expect(audit).toMatchObject({ actorType: "STAFF", actorId: agent.id, caseId: urgent.id, targetType: "ReviewCase", targetId: urgent.id, outcome: "SUCCESS" });
    expect(audit.data).toEqual({ caseId: urgent.id, ref: urgent.ref, via: "next", statusBefore: "NEW", statusAfter: "IN_REVIEW" });
  });

  it("supervisors take unassigned escalated cases first; they stay ESCALATED", async () => {
    await park();
    const supervisor = await staffActor("SUPERVISOR");
    const urgentNew = await makeQueueCase({ priority: "URGENT" });
    const lowEscalated = await makeQueueCase({ priority: "LOW", status: "ESCALATED" });
    expect((await claimNext(supervisor)).case?.ref).toBe(lowEscalated.ref);
    expect(await caseRow(lowEscalated.id)).toMatchObject({ status: "ESCALATED", assigneeId: supervisor.id });
    expect((await claimNext(supervisor)).case?.ref).toBe(urgentNew.ref);
  });

  it("20 agents racing over 10 cases: 10 distinct claims, 10 empty answers, no case claimed twice", async () => {
    await park();
    const cases = await Promise.all(Array.from({ length: 10 }, (_, i) => makeQueueCase({ priority: i % 2 ? "HIGH" : "NORMAL" })));
    const agents = await Promise.all(Array.from({ length: 20 }, () => staffActor("AGENT")));
    const results = await Promise.all(agents.map((a) => claimNext(a)));
    const claimed = results.flatMap((r) => (r.case ? [r.case.id] : []));
    expect(claimed).toHaveLength(10);
    expect(new Set(claimed).size).toBe(10);
    expect(results.filter((r) => r.case === null)).toHaveLength(10);
    expect(new Set(claimed)).toEqual(new Set(cases.map((c) => c.id)));
    // Each case: one assignee (the agent whose answer named it), one CLAIMED event, one audit entry.
    for (const [i, r] of results.entries()) {
      if (!r.case) continue;
      expect(await caseRow(r.case.id)).toMatchObject({ assigneeId: agents[i].id, version: 2 });
      expect(await events(r.case.id, "CLAIMED")).toHaveLength(1);
      expect(await caseAudits(r.case.id, "case.claimed")).toHaveLength(1);
    }
  });

  it("over the API: 200 with the case, then 200 with case null", async () => {
    await park();
    const c = await makeQueueCase({});
    const headers = { authorization: (await makeCaller("AGENT")).apiHeaders.authorization };
    const call = () => claimNextRoute(new Request("http://localhost/api/v1/cases/claim-next", { method: "POST", headers }), { params: Promise.resolve({}) });
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(await first.json()).toEqual({ case: { id: c.id, ref: c.ref, version: 2 } });
    expect(await (await call()).json()).toEqual({ case: null });
  });
});

describe("claiming one case", () => {
  it("claims an unassigned case; a second claimer and a stale version get 409; decided cases cannot be claimed", async () => {
    const [a, b] = await Promise.all([staffActor("AGENT"), staffActor("AGENT")]);
    const c = await makeQueueCase({});
    expect((await refusal(claimCase(a, { ref: c.ref, version: 7 }))).code).toBe("CONFLICT");
    expect(await caseRow(c.id)).toMatchObject({ assigneeId: null, version: 1 });
    expect(await claimCase(a, { ref: c.ref, version: 1 })).toEqual({ case: { id: c.id, ref: c.ref, version: 2 } });
    const taken = await refusal(claimCase(b, { ref: c.ref }));
    expect(taken).toMatchObject({ code: "CONFLICT", message: `Case ${c.ref} is already assigned to another staff member.` });
    expect((await refusal(claimCase(a, { ref: c.ref }))).message).toContain("already assigned to you");
    expect(await caseRow(c.id)).toMatchObject({ assigneeId: a.id, version: 2 });
    expect((await caseAudits(c.id, "case.claimed"))[0].data).toMatchObject({ via: "direct" });

    const decided = await makeQueueCase({ status: "APPROVED" });
    expect((await refusal(claimCase(a, { ref: decided.ref }))).code).toBe("CONFLICT");
    expect((await refusal(claimCase(a, { ref: "GH-999999" }))).code).toBe("NOT_FOUND");
    expect((await refusal(claimCase(a, { ref: "case 12" }))).code).toBe("INVALID_INPUT");
    expect((await refusal(claimCase(await staffActor("AUDITOR"), { ref: decided.ref }))).code).toBe("FORBIDDEN");
  });
});

describe("assigning", () => {
  it("a supervisor assigns, reassigns and releases; each step is versioned, on the timeline and audited", async () => {
    const supervisor = await staffActor("SUPERVISOR");
    const [a, b] = await Promise.all([staffActor("AGENT"), staffActor("AGENT")]);
    const c = await makeQueueCase({});
    expect(await assignCases(supervisor, { refs: [c.ref], assigneeId: a.id, version: 1 })).toEqual({ assigned: [{ ref: c.ref, version: 2, assigneeId: a.id }] });
    expect(await caseRow(c.id)).toMatchObject({ status: "IN_REVIEW", assigneeId: a.id });
    // A stale tab: version 1 is gone.
    expect(await refusal(assignCases(supervisor, { refs: [c.ref], assigneeId: b.id, version: 1 }))).toMatchObject({ code: "CONFLICT", details: { currentVersion: 2 } });
    await assignCases(supervisor, { refs: [c.ref], assigneeId: b.id, version: 2 });
    await assignCases(supervisor, { refs: [c.ref], assigneeId: null });
    expect(await caseRow(c.id)).toMatchObject({ status: "NEW", assigneeId: null, claimedAt: null, version: 4 });
    expect((await events(c.id)).map((e) => e.type)).toEqual(["ASSIGNED", "ASSIGNED", "RELEASED"]);
    expect((await caseAudits(c.id, "case.assigned")).map((e) => e.data)).toEqual([
      { caseId: c.id, ref: c.ref, assigneeBefore: null, assigneeAfter: a.id, bulk: false, statusBefore: "NEW", statusAfter: "IN_REVIEW" },
      { caseId: c.id, ref: c.ref, assigneeBefore: a.id, assigneeAfter: b.id, bulk: false, statusBefore: "IN_REVIEW", statusAfter: "IN_REVIEW" },
      { caseId: c.id, ref: c.ref, assigneeBefore: b.id, assigneeAfter: null, bulk: false, statusBefore: "IN_REVIEW", statusAfter: "NEW" },
    ]);
  });

  it("bulk: all or nothing; decided cases and unknown references refuse the batch", async () => {
    const supervisor = await staffActor("SUPERVISOR");
    const agent = await staffActor("AGENT");
    const cases = await Promise.all([makeQueueCase({}), makeQueueCase({ status: "AWAITING_CUSTOMER" }), makeQueueCase({ status: "ESCALATED" })]);
    const decided = await makeQueueCase({ status: "REJECTED" });
    expect((await refusal(assignCases(supervisor, { refs: [...cases.map((c) => c.ref), decided.ref], assigneeId: agent.id }))).code).toBe("CONFLICT");
    expect((await refusal(assignCases(supervisor, { refs: [cases[0].ref, "GH-999998"], assigneeId: agent.id }))).code).toBe("NOT_FOUND");
    for (const c of cases) expect(await caseRow(c.id)).toMatchObject({ assigneeId: null, version: 1 });

    const r = await assignCases(supervisor, { refs: cases.map((c) => c.ref), assigneeId: agent.id });
    expect(r.assigned.map((x) => x.ref)).toEqual(cases.map((c) => c.ref));
    expect((await Promise.all(cases.map((c) => caseRow(c.id)))).map((x) => x.status)).toEqual(["IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED"]);
    for (const c of cases) expect((await caseAudits(c.id, "case.assigned"))[0].data).toMatchObject({ bulk: true, assigneeAfter: agent.id });
    expect((await refusal(assignCases(supervisor, { refs: [cases[0].ref, cases[1].ref], assigneeId: null, version: 2 }))).code).toBe("INVALID_INPUT");
  });

  it("only to active agents and supervisors; agents may not assign, and the refusal is audited", async () => {
    const supervisor = await staffActor("SUPERVISOR");
    const agent = await staffActor("AGENT");
    const auditor = await makeStaff("AUDITOR");
    const disabled = await makeStaff("AGENT");
    await db.staffUser.update({ where: { id: disabled.id }, data: { status: "DISABLED" } });
    const c = await makeQueueCase({});
    for (const id of [auditor.id, disabled.id, "9f0c4a4e-0000-4000-8000-000000000000"]) {
      const err = await refusal(assignCases(supervisor, { refs: [c.ref], assigneeId: id }));
      expect({ code: err.code, field: (err.details?.fields as { path: string }[])[0].path }).toEqual({ code: "INVALID_INPUT", field: "assigneeId" });
    }
    expect((await refusal(assignCases(agent, { refs: [c.ref], assigneeId: agent.id }))).code).toBe("FORBIDDEN");
    const denied = await db.auditEntry.findFirst({ where: { action: "auth.denied", actorId: agent.id }, orderBy: { seq: "desc" } });
    expect(denied).toMatchObject({ outcome: "DENIED", data: { permission: "case.assign" } });
    expect(await caseRow(c.id)).toMatchObject({ assigneeId: null, version: 1 });

    const staff = await listAssignableStaff(supervisor);
    expect(staff.map((s) => s.id)).toEqual(expect.arrayContaining([supervisor.id, agent.id]));
    expect(staff.map((s) => s.id)).not.toContain(auditor.id);
    expect(staff.map((s) => s.id)).not.toContain(disabled.id);
    expect((await refusal(listAssignableStaff(agent))).code).toBe("FORBIDDEN");
  });

  it("over the API: 200, and 409 with the error shape on a stale version", async () => {
    const caller = await makeCaller("SUPERVISOR");
    const agent = await makeStaff("AGENT");
    const c = await makeQueueCase({});
    const post = (body: unknown) =>
      assignRoute(new Request(`http://localhost/api/v1/cases/${c.ref}/assign`, { method: "POST", headers: { authorization: caller.apiHeaders.authorization, "content-type": "application/json" }, body: JSON.stringify(body) }), {
        params: Promise.resolve({ ref: c.ref }),
      });
    expect((await post({ assigneeId: agent.id, version: 1 })).status).toBe(200);
    const stale = await post({ assigneeId: null, version: 1 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: "CONFLICT", message: expect.stringContaining(c.ref) } });
  });
});

describe("notes and the case view", () => {
  it("adds a trimmed note with its author; timeline event; audit without the text; any readable case", async () => {
    const agent = await staffActor("AGENT");
    const c = await makeQueueCase({ status: "APPROVED" });
    const { note } = await addNote(agent, { ref: c.ref, body: "  Customer called: the ID is her late mother's.  " });
    expect(note).toMatchObject({ body: "Customer called: the ID is her late mother's.", author: { id: agent.id, name: "Test AGENT" } });
    expect(await events(c.id, "NOTE_ADDED")).toMatchObject([{ actorId: agent.id, data: { noteId: note.id } }]);
    const [audit] = await caseAudits(c.id, "case.note_added");
    expect(audit.data).toEqual({ caseId: c.id, ref: c.ref, noteId: note.id, length: 45 });
    expect(JSON.stringify({ ...audit, seq: String(audit.seq) })).not.toContain("mother");
    for (const body of ["   ", "x".repeat(5001)]) expect((await refusal(addNote(agent, { ref: c.ref, body }))).code).toBe("INVALID_INPUT");
    expect((await refusal(addNote(agent, { ref: "GH-999997", body: "hi" }))).code).toBe("NOT_FOUND");
    expect((await refusal(addNote(await staffActor("AUDITOR"), { ref: c.ref, body: "hi" }))).code).toBe("FORBIDDEN");
  });

  it("getCase: the case, account, device, documents' metadata only, notes and the timeline with actor names", async () => {
    const agent = await staffActor("AGENT");
    const c = await makeQueueCase({ verdicts: ["ACCEPTED", "REJECTED"] });
    const device = await db.device.create({ data: { accountId: c.accountId, externalId: `dev-${c.id}`, platform: "IOS", model: "iPhone 16", firstSeenAt: new Date(), lastSeenAt: new Date() }, select: { id: true } });
    await db.reviewCase.update({ where: { id: c.id }, data: { deviceId: device.id } });
    await claimCase(agent, { ref: c.ref });
    await addNote(agent, { ref: c.ref, body: "looks fine" });
    const detail = await getCase(agent, c.ref.toLowerCase());
    expect(detail.case).toMatchObject({ ref: c.ref, status: "IN_REVIEW", assignee: { id: agent.id }, documentCount: 1, version: 2, decidedAt: null });
    expect(detail.account).toMatchObject({ uid: c.uid, email: c.email, kycStatus: "VERIFIED", verified: true, idConflict: false });
    expect(detail.device).toMatchObject({ id: device.id, platform: "IOS", model: "iPhone 16", status: "PENDING" });
    expect(detail.documents.map((d) => d.verdict)).toEqual(["ACCEPTED", "REJECTED"]);
    expect(JSON.stringify(detail.documents)).not.toMatch(/Key|quarantine|documents\//);
    expect(detail.notes).toMatchObject([{ body: "looks fine", author: { id: agent.id, name: "Test AGENT" } }]);
    expect(detail.timeline.map((e) => [e.type, e.actor?.name])).toEqual([
      ["CLAIMED", "Test AGENT"],
      ["NOTE_ADDED", "Test AGENT"],
    ]);
    expect((await refusal(getCase(agent, "GH-999996"))).code).toBe("NOT_FOUND");
    expect((await refusal(getCase(agent, "nonsense"))).code).toBe("INVALID_INPUT");

    const headers = { authorization: (await makeCaller("AUDITOR")).apiHeaders.authorization };
    const res = await caseRoute(new Request(`http://localhost/api/v1/cases/${c.ref}`, { headers }), { params: Promise.resolve({ ref: c.ref }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("SLA breach marks", () => {
  it("marks open overdue cases once (event, audit by the system), never decided or future ones", async () => {
    const now = new Date();
    const overdue = await Promise.all([makeQueueCase({ slaDueAt: new Date(now.getTime() - MIN) }), makeQueueCase({ status: "IN_REVIEW", slaDueAt: new Date(now.getTime() - 90 * MIN) })]);
    const decided = await makeQueueCase({ status: "APPROVED", slaDueAt: new Date(now.getTime() - 90 * MIN) });
    const future = await makeQueueCase({ slaDueAt: new Date(now.getTime() + MIN) });
    const already = await makeQueueCase({ slaDueAt: new Date(now.getTime() - 90 * MIN), slaBreachedAt: new Date(now.getTime() - 80 * MIN) });

    expect(await markSlaBreaches(now, { batchSize: 1 })).toEqual({ marked: 2, batches: 3, more: false });
    expect(await markSlaBreaches(now)).toEqual({ marked: 0, batches: 1, more: false });
    for (const c of overdue) {
      expect((await caseRow(c.id)).slaBreachedAt).toEqual(now);
      expect(await caseRow(c.id)).toMatchObject({ version: 1 });
      expect(await events(c.id, "SLA_BREACHED")).toHaveLength(1);
      const audits = await caseAudits(c.id, "case.sla_breached");
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorType: "SYSTEM", actorId: "sla-monitor", data: { ref: c.ref, priority: "NORMAL" } });
    }
    for (const c of [decided, future]) expect((await caseRow(c.id)).slaBreachedAt).toBeNull();
    expect(await caseAudits(already.id, "case.sla_breached")).toHaveLength(0);
  });

  it("runs every minute on the scheduler queue", () => {
    expect(findJob("cases.sla_breaches")).toBe(markSlaBreachesJob);
    expect(markSlaBreachesJob).toMatchObject({ queue: "scheduler", schedule: { pattern: "* * * * *" } });
  });
});
