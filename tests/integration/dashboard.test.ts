import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as dashboardRoute } from "@/app/api/v1/dashboard/route";
import { getDashboard } from "@/lib/dashboard/get-dashboard";
import type { Dashboard } from "@/lib/dashboard/types";
import { db, type CaseEventType, type InboundEmailStatus } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import { makeCaller } from "./authz/callers";
import { staffActor, type StaffTestActor } from "../support/devices-world";
import { makeQueueCase, MIN } from "./support/cases-world";

afterAll(() => db.$disconnect());

// A fixed clock: the window of 3 days is 2026-03-08 … 2026-03-10 (today). Timeline events are
// written directly because the use cases stamp them with the database clock, and the figures
// below need known instants.
const NOW = new Date("2026-03-10T12:00:00Z");
const at = (iso: string) => new Date(`2026-03-${iso}Z`);
const HOUR = 60 * MIN;
const DATES = ["2026-03-08", "2026-03-09", "2026-03-10"];

async function event(caseId: string, type: CaseEventType, when: string, actorId: string | null = null) {
  await db.caseEvent.create({ data: { caseId, type, actorId, createdAt: at(when) } });
}

async function email(status: InboundEmailStatus, when: string) {
  await db.inboundEmail.create({ data: { provider: "MIME", providerMessageId: `dash-${Math.random()}`, rawKey: "k", rawSha256: "0".repeat(64), rawSize: 1, status, receivedAt: at(when) } });
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as AppError | null;
  expect(err, "expected a refusal").not.toBeNull();
  return err!.code;
}

describe("the dashboard", () => {
  let a: StaffTestActor;
  let b: StaffTestActor;
  let sup: StaffTestActor;
  let d: Dashboard;

  beforeAll(async () => {
    [a, b, sup] = await Promise.all([staffActor("AGENT"), staffActor("AGENT"), staffActor("SUPERVISOR")]);
    await db.staffUser.update({ where: { id: a.id }, data: { name: "Ada Agent" } });
    await db.staffUser.update({ where: { id: b.id }, data: { name: "Ben Agent" } });
    const later = new Date(NOW.getTime() + 2 * HOUR);

    // c1: created 03-08 10:00, claimed after 30 min, breached at 11:00, rejected after 2 h.
    const c1 = await makeQueueCase({ status: "REJECTED", assigneeId: a.id, createdAt: at("08T10:00:00"), slaDueAt: at("08T11:00:00") });
    await db.reviewCase.update({ where: { id: c1.id }, data: { decidedAt: at("08T12:00:00"), decidedById: a.id } });
    await event(c1.id, "CLAIMED", "08T10:30:00", a.id);
    await event(c1.id, "SLA_BREACHED", "08T11:00:00");
    await event(c1.id, "REJECTED", "08T12:00:00", a.id);

    // c2: created 03-09 09:00, first claimed by B after 1 h, released, claimed again by A, approved 24 h after creation.
    const c2 = await makeQueueCase({ status: "APPROVED", assigneeId: a.id, createdAt: at("09T09:00:00") });
    await db.reviewCase.update({ where: { id: c2.id }, data: { decidedAt: at("10T09:00:00"), decidedById: a.id } });
    await event(c2.id, "CLAIMED", "09T10:00:00", b.id);
    await event(c2.id, "RELEASED", "09T10:30:00", b.id);
    await event(c2.id, "CLAIMED", "09T11:00:00", a.id);
    await event(c2.id, "APPROVED", "10T09:00:00", a.id);

    // c3: created 03-09 08:00, assigned to B by a supervisor after 2 h, B asks for new photos.
    const c3 = await makeQueueCase({ status: "AWAITING_CUSTOMER", assigneeId: b.id, createdAt: at("09T08:00:00"), slaDueAt: later });
    await event(c3.id, "ASSIGNED", "09T10:00:00", sup.id);
    await event(c3.id, "RESUBMISSION_REQUESTED", "09T11:00:00", b.id);

    // c4: created and claimed before the window (then reassigned inside it), breached and escalated today.
    const c4 = await makeQueueCase({ status: "ESCALATED", createdAt: at("01T08:00:00"), slaDueAt: at("10T07:00:00"), slaBreachedAt: at("10T07:00:00") });
    await event(c4.id, "CLAIMED", "02T08:00:00", a.id);
    await event(c4.id, "ASSIGNED", "09T12:00:00", sup.id);
    await event(c4.id, "SLA_BREACHED", "10T07:00:00");
    await event(c4.id, "ESCALATED", "10T08:00:00", a.id);

    // Unassigned new cases: one due in 10 minutes, one 5 minutes overdue but not marked yet.
    await makeQueueCase({ status: "NEW", createdAt: at("10T11:00:00"), slaDueAt: new Date(NOW.getTime() + 10 * MIN) });
    await makeQueueCase({ status: "NEW", createdAt: at("10T07:00:00"), slaDueAt: new Date(NOW.getTime() - 5 * MIN) });

    // c7: created 03-10 10:00, claimed after 1 h, A asks for a second approval.
    const c7 = await makeQueueCase({ status: "PENDING_SECOND_APPROVAL", assigneeId: a.id, createdAt: at("10T10:00:00"), slaDueAt: later });
    await event(c7.id, "CLAIMED", "10T11:00:00", a.id);
    await event(c7.id, "APPROVAL_REQUESTED", "10T11:30:00", a.id);

    // Created the evening before the window, first claimed inside it after 6 h.
    const c5 = await makeQueueCase({ status: "IN_REVIEW", assigneeId: b.id, createdAt: at("07T20:00:00"), slaDueAt: later });
    await event(c5.id, "CLAIMED", "08T02:00:00", b.id);

    // In review with B; and a case decided long before the window (counts nowhere).
    await makeQueueCase({ status: "IN_REVIEW", assigneeId: b.id, createdAt: at("10T11:00:00"), slaDueAt: later });
    const old = await makeQueueCase({ status: "APPROVED", createdAt: at("01T08:00:00") });
    await db.reviewCase.update({ where: { id: old.id }, data: { decidedAt: at("01T09:00:00"), decidedById: a.id } });
    await event(old.id, "CLAIMED", "01T08:30:00", a.id);
    await event(old.id, "APPROVED", "01T09:00:00", a.id);
    await event(old.id, "SLA_BREACHED", "05T09:00:00");

    for (const [status, when] of [
      ["PROCESSED", "08T01:00:00"],
      ["PROCESSED", "08T23:59:59"],
      ["UNMATCHED", "08T12:00:00"],
      ["FAILED", "10T00:00:00"],
      ["REJECTED", "10T03:00:00"],
      ["RECEIVED", "10T11:59:00"],
      ["PROCESSED", "07T23:59:59"],
    ] as const) await email(status, when);

    d = await getDashboard(a, { days: 3 }, { now: NOW });
  });

  it("covers whole UTC days up to today", () => {
    expect(d.window).toEqual({ days: 3, from: "2026-03-08T00:00:00.000Z", to: "2026-03-11T00:00:00.000Z", dates: DATES, generatedAt: NOW.toISOString() });
  });

  it("counts the open backlog by status, unassigned, breaching and due soon", () => {
    expect(d.backlog).toEqual({
      total: 7,
      unassigned: 3,
      byStatus: [
        { status: "NEW", total: 2, unassigned: 2 },
        { status: "IN_REVIEW", total: 2, unassigned: 0 },
        { status: "AWAITING_CUSTOMER", total: 1, unassigned: 0 },
        { status: "ESCALATED", total: 1, unassigned: 1 },
        { status: "PENDING_SECOND_APPROVAL", total: 1, unassigned: 0 },
      ],
    });
    expect(d.sla).toEqual({
      breachingNow: 2,
      dueSoon: 1,
      dueSoonMinutes: 30,
      breachesPerDay: [
        { date: DATES[0], breaches: 1 },
        { date: DATES[1], breaches: 0 },
        { date: DATES[2], breaches: 1 },
      ],
      breachesTotal: 2,
    });
  });

  it("gives median and p90 time to first pick-up (claim or assignment) per day and overall", () => {
    expect(d.timeToFirstClaim).toEqual({
      // 1800, 3600, 3600, 7200, 21600 seconds: c2's second claim and c4's reassignment (first claimed before the window) do not count.
      overall: { count: 5, medianSeconds: 3600, p90Seconds: 15_840 },
      perDay: [
        { date: DATES[0], count: 2, medianSeconds: 11_700, p90Seconds: 19_620 },
        { date: DATES[1], count: 2, medianSeconds: 5400, p90Seconds: 6840 },
        { date: DATES[2], count: 1, medianSeconds: 3600, p90Seconds: 3600 },
      ],
    });
  });

  it("gives median and p90 time to decision by decision day, zero-filled", () => {
    expect(d.timeToDecision).toEqual({
      overall: { count: 2, medianSeconds: 46_800, p90Seconds: 78_480 },
      perDay: [
        { date: DATES[0], count: 1, medianSeconds: 7200, p90Seconds: 7200 },
        { date: DATES[1], count: 0, medianSeconds: null, p90Seconds: null },
        { date: DATES[2], count: 1, medianSeconds: 86_400, p90Seconds: 86_400 },
      ],
    });
  });

  it("counts decisions per staff member per day and kind", () => {
    const zero = { APPROVED: 0, REJECTED: 0, RESUBMISSION_REQUESTED: 0, ESCALATED: 0, SECOND_APPROVAL_REQUESTED: 0 };
    expect(d.decisions.total).toBe(5);
    expect(d.decisions.perDay).toEqual([
      { ...zero, date: DATES[0], total: 1, REJECTED: 1 },
      { ...zero, date: DATES[1], total: 1, RESUBMISSION_REQUESTED: 1 },
      { ...zero, date: DATES[2], total: 3, APPROVED: 1, ESCALATED: 1, SECOND_APPROVAL_REQUESTED: 1 },
    ]);
    expect(d.decisions.agents).toEqual([
      {
        staffId: a.id,
        name: "Ada Agent",
        total: 4,
        byKind: { ...zero, APPROVED: 1, REJECTED: 1, ESCALATED: 1, SECOND_APPROVAL_REQUESTED: 1 },
        perDay: [
          { date: DATES[0], count: 1 },
          { date: DATES[1], count: 0 },
          { date: DATES[2], count: 3 },
        ],
      },
      {
        staffId: b.id,
        name: "Ben Agent",
        total: 1,
        byKind: { ...zero, RESUBMISSION_REQUESTED: 1 },
        perDay: [
          { date: DATES[0], count: 0 },
          { date: DATES[1], count: 1 },
          { date: DATES[2], count: 0 },
        ],
      },
    ]);
  });

  it("counts inbound emails per UTC day and outcome", () => {
    const zero = { matched: 0, unmatched: 0, rejected: 0, failed: 0, pending: 0 };
    expect(d.inbound).toEqual({
      total: 6,
      perDay: [
        { ...zero, date: DATES[0], total: 3, matched: 2, unmatched: 1 },
        { ...zero, date: DATES[1], total: 0 },
        { ...zero, date: DATES[2], total: 3, failed: 1, rejected: 1, pending: 1 },
      ],
    });
  });

  it("defaults to 14 days and widens the window", async () => {
    const wide = await getDashboard(sup, {}, { now: NOW });
    expect(wide.window.dates).toHaveLength(14);
    expect(wide.window.dates[0]).toBe("2026-02-25");
    expect(wide.timeToFirstClaim.overall.count).toBe(7);
    expect(wide.sla.breachesTotal).toBe(3);
    expect(wide.inbound.total).toBe(7);
    expect(wide.backlog.total).toBe(7);
  });

  it("refuses a bad window, callers without a staff role, and signed-out callers (audited)", async () => {
    for (const days of [0, 91, "x", 1.5]) expect(await refusal(getDashboard(a, { days }, { now: NOW })), String(days)).toBe("INVALID_INPUT");
    expect(await refusal(getDashboard({ type: "SYSTEM", id: "cron" }, {}, { now: NOW }))).toBe("FORBIDDEN");
    expect(await refusal(getDashboard({ type: "ANONYMOUS" }, {}, { now: NOW }))).toBe("UNAUTHENTICATED");
    expect(await db.auditEntry.count({ where: { action: "auth.denied", data: { path: ["permission"], equals: "queue.read" } } })).toBe(2);
  });

  it("answers GET /api/v1/dashboard: 200 with a Bearer token (any role holding queue.read), 400 for a bad window, 401 anonymous", async () => {
    const get = (url: string, headers: Record<string, string> = {}) => dashboardRoute(new Request(url, { headers }), { params: Promise.resolve({}) });
    for (const role of ["AGENT", "AUDITOR", "ADMIN"] as const) {
      const headers = { authorization: (await makeCaller(role)).apiHeaders.authorization };
      const res = await get("http://localhost/api/v1/dashboard?days=7", headers);
      expect(res.status, role).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = (await res.json()) as Dashboard;
      expect(body.window.days).toBe(7);
      expect(body.window.dates).toHaveLength(7);
      expect(body.backlog.total).toBe(7);
      if (role === "AGENT") expect((await get("http://localhost/api/v1/dashboard?days=120", headers)).status).toBe(400);
    }
    const anonymous = await get("http://localhost/api/v1/dashboard");
    expect(anonymous.status).toBe(401);
  });
});
