import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as reopenRoute } from "@/app/api/v1/cases/[ref]/reopen/route";
import { decideCase } from "@/lib/cases/decide";
import { reopenCase } from "@/lib/cases/reopen";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { makeCaller } from "./authz/callers";
import { caseAudits } from "./support/cases-world";
import { caseDeliveries, caseEmails, caseRequest, caseRow, deviceStatus, makeDecisionCase, makeDecisionWebhookEndpoint, refusal, snapshot } from "./support/decisions-world";
import { staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeDecisionWebhookEndpoint();
});

const HOUR = 3_600_000;
const REASON = "Customer sent the right document after all.";

/** A case its assignee decided (through decideCase), version 2. */
async function decidedCase(decision: "APPROVE" | "REJECT" = "REJECT") {
  const agent = await staffActor("AGENT");
  const w = await makeDecisionCase({ assigneeId: agent.id });
  await decideCase(agent, { ref: w.ref, decision, reasonCodes: decision === "REJECT" ? ["DOCUMENT_EXPIRED"] : undefined, note: "first decision", version: 1 });
  return { agent, w };
}

describe("reopening a decided case", () => {
  it("a supervisor reopens a rejection: IN_REVIEW with its assignee, decision cleared, on the timeline with the reason, audited", async () => {
    const { agent, w } = await decidedCase("REJECT");
    const supervisor = await staffActor("SUPERVISOR");
    const decidedAt = (await caseRow(w.caseId)).decidedAt!;
    const [emailsBefore, deliveriesBefore] = [(await caseEmails(w.caseId)).length, (await caseDeliveries(w, "case.decided")).length];

    const r = await reopenCase(supervisor, { ref: w.ref, reason: `  ${REASON}  `, version: 2 }, { request: { requestId: "req-reopen" } });
    expect(r).toMatchObject({ ref: w.ref, status: "IN_REVIEW", version: 3, device: { id: w.deviceId, status: "PENDING" }, deviceUnchanged: true });
    const row = await caseRow(w.caseId);
    expect(row).toMatchObject({ status: "IN_REVIEW", assigneeId: agent.id, version: 3, decidedAt: null, decidedById: null, decisionNote: null, rejectReasons: [] });
    expect(row.reopenedAt?.toISOString()).toBe(r.reopenedAt);

    const event = await db.caseEvent.findFirstOrThrow({ where: { caseId: w.caseId, type: "REOPENED" } });
    expect(event).toMatchObject({
      actorId: supervisor.id,
      data: { reason: REASON, statusBefore: "REJECTED", statusAfter: "IN_REVIEW", previous: { status: "REJECTED", decidedById: agent.id, decidedAt: decidedAt.toISOString(), rejectReasons: ["DOCUMENT_EXPIRED"], note: "first decision" } },
    });
    const audits = await caseAudits(w.caseId, "case.reopened");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: supervisor.id, requestId: "req-reopen" });
    expect(audits[0].data).toEqual({ caseId: w.caseId, ref: w.ref, statusBefore: "REJECTED", decidedAt: decidedAt.toISOString(), versionAfter: 3 });
    // The customer and the identity service are not told.
    expect([(await caseEmails(w.caseId)).length, (await caseDeliveries(w, "case.decided")).length]).toEqual([emailsBefore, deliveriesBefore]);

    // The assignee decides again: a new decision, a new case.decided event.
    await decideCase(agent, { ref: w.ref, decision: "REJECT", reasonCodes: ["NAME_MISMATCH"], version: 3 });
    const decided = await caseDeliveries(w, "case.decided");
    expect(decided).toHaveLength(2);
    expect(new Set(decided.map((d) => d.eventId)).size).toBe(2);
  });

  it("reopening an approval leaves the device authorised; an unassigned case goes back to NEW", async () => {
    const { w } = await decidedCase("APPROVE");
    const supervisor = await staffActor("SUPERVISOR");
    await db.reviewCase.update({ where: { id: w.caseId }, data: { assigneeId: null } });
    const r = await reopenCase(supervisor, { ref: w.ref, reason: REASON, version: 2 });
    expect(r).toMatchObject({ status: "NEW", device: { id: w.deviceId, status: "AUTHORIZED" } });
    expect(await deviceStatus(w.deviceId)).toBe("AUTHORIZED");
    expect(await caseAudits(w.caseId, "device.revoked")).toHaveLength(0);
    expect(await db.caseEvent.findFirstOrThrow({ where: { caseId: w.caseId, type: "REOPENED" } })).toMatchObject({ data: { statusAfter: "NEW", deviceStatus: "AUTHORIZED" } });
  });

  it("a reopened approval can be confirmed: case APPROVED again, device untouched, the customer not told twice", async () => {
    const { agent, w } = await decidedCase("APPROVE");
    const supervisor = await staffActor("SUPERVISOR");
    await reopenCase(supervisor, { ref: w.ref, reason: REASON, version: 2 });
    const authorizedAt = (await db.device.findUniqueOrThrow({ where: { id: w.deviceId! } })).authorizedAt;
    const r = await decideCase(agent, { ref: w.ref, decision: "APPROVE", version: 3 });
    expect(r).toMatchObject({ status: "APPROVED", version: 4, outboundEmailId: null });
    expect(await caseRow(w.caseId)).toMatchObject({ status: "APPROVED", decidedById: agent.id });
    expect(await db.device.findUniqueOrThrow({ where: { id: w.deviceId! } })).toMatchObject({ status: "AUTHORIZED", authorizedAt });
    expect(await caseAudits(w.caseId, "device.authorized")).toHaveLength(1);
    expect(await caseDeliveries(w, "device.authorized")).toHaveLength(1);
    expect((await caseDeliveries(w, "case.decided")).map((d) => d.eventId)).toEqual([expect.any(String), r.webhookEventId]);
    expect((await caseEmails(w.caseId)).map((e) => e.template)).toEqual(["DECISION_APPROVED"]);
  });

  it(`only within CASE_REOPEN_WINDOW_HOURS of the decision (409 after), nothing written`, async () => {
    const { w } = await decidedCase("REJECT");
    const supervisor = await staffActor("SUPERVISOR");
    const decidedAt = (await caseRow(w.caseId)).decidedAt!;
    const window = config.CASE_REOPEN_WINDOW_HOURS * HOUR;
    const before = await snapshot(w);
    const err = await refusal(reopenCase(supervisor, { ref: w.ref, reason: REASON, version: 2 }, { now: new Date(decidedAt.getTime() + window + 1000) }));
    expect(err).toMatchObject({ code: "CONFLICT", details: { windowHours: config.CASE_REOPEN_WINDOW_HOURS } });
    expect(await snapshot(w)).toEqual(before);
    // The last minute of the window still counts.
    expect(await reopenCase(supervisor, { ref: w.ref, reason: REASON, version: 2 }, { now: new Date(decidedAt.getTime() + window - 60_000) })).toMatchObject({ status: "IN_REVIEW" });
  });

  it("agents may not reopen (403, audited); open cases cannot be reopened (409); a stale version is a 409", async () => {
    const { agent, w } = await decidedCase("REJECT");
    const supervisor = await staffActor("SUPERVISOR");
    const before = await snapshot(w);
    expect((await refusal(reopenCase(agent, { ref: w.ref, reason: REASON, version: 2 }))).code).toBe("FORBIDDEN");
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "auth.denied", actorId: agent.id } })).toMatchObject({ outcome: "DENIED", data: { permission: "case.reopen" } });
    expect(await refusal(reopenCase(supervisor, { ref: w.ref, reason: REASON, version: 1 }))).toMatchObject({ code: "CONFLICT", details: { currentVersion: 2 } });
    expect(await snapshot(w)).toEqual(before);

    for (const status of ["IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED", "PENDING_SECOND_APPROVAL"] as const) {
      const open = await makeDecisionCase({ assigneeId: agent.id, status });
      expect((await refusal(reopenCase(supervisor, { ref: open.ref, reason: REASON, version: 1 }))).code).toBe("CONFLICT");
      expect(await caseRow(open.caseId)).toMatchObject({ status, version: 1 });
    }
  });

  it("needs a reason of at least 10 characters (spaces do not count)", async () => {
    const { w } = await decidedCase("REJECT");
    const supervisor = await staffActor("SUPERVISOR");
    const before = await snapshot(w);
    for (const reason of ["", "too short", "   short    ", "x".repeat(2001)]) {
      expect(await refusal(reopenCase(supervisor, { ref: w.ref, reason, version: 2 }))).toMatchObject({ code: "INVALID_INPUT", details: { fields: [{ path: "reason" }] } });
    }
    expect(await snapshot(w)).toEqual(before);
  });
});

describe("over the API", () => {
  it("200 with the reopened case; 409 with the error shape on a stale version", async () => {
    const { w } = await decidedCase("APPROVE");
    const caller = await makeCaller("SUPERVISOR");
    const headers = { authorization: caller.apiHeaders.authorization };
    const stale = await reopenRoute(...caseRequest(w.ref, "reopen", headers, { reason: REASON, version: 1 }));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: "CONFLICT", message: expect.stringContaining(w.ref) } });
    const ok = await reopenRoute(...caseRequest(w.ref, "reopen", headers, { reason: REASON, version: 2 }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.json()).toMatchObject({ ref: w.ref, status: "IN_REVIEW", version: 3, device: { status: "AUTHORIZED" }, deviceUnchanged: true });
    const agent = await makeCaller("AGENT");
    expect((await reopenRoute(...caseRequest(w.ref, "reopen", { authorization: agent.apiHeaders.authorization }, { reason: REASON, version: 3 }))).status).toBe(403);
  });
});
