import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as decisionRoute } from "@/app/api/v1/cases/[ref]/decision/route";
import { POST as secondApprovalRoute } from "@/app/api/v1/cases/[ref]/second-approval/route";
import { decideCase } from "@/lib/cases/decide";
import { decideSecondApproval } from "@/lib/cases/second-approval";
import { db, type RiskFlag } from "@/lib/db";
import { revokeDevice } from "@/lib/devices/revoke-device";
import { makeCaller } from "./authz/callers";
import { caseAudits } from "./support/cases-world";
import { caseDeliveries, caseEmails, caseRequest, caseRow, deviceStatus, makeDecisionCase, makeDecisionWebhookEndpoint, refusal, snapshot, webhookOutbox } from "./support/decisions-world";
import { staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeDecisionWebhookEndpoint();
});

const request = { requestId: "req-four-eyes", ip: "198.51.100.40", userAgent: "vitest" };
const approvalOf = (caseId: string) => db.approvalRequest.findFirstOrThrow({ where: { caseId }, orderBy: { createdAt: "desc" } });

/** A risky case its assignee asked to approve: PENDING_SECOND_APPROVAL, version 2. */
async function pendingCase(flags: RiskFlag[] = ["IP_MISMATCH"], opts: { idConflict?: boolean; role?: "AGENT" | "SUPERVISOR" } = {}) {
  const first = await staffActor(opts.role ?? "AGENT");
  const w = await makeDecisionCase({ assigneeId: first.id, riskFlags: flags, idConflict: opts.idConflict });
  const r = await decideCase(first, { ref: w.ref, decision: "APPROVE", note: "first look: fine", version: 1 }, { request });
  return { first, w, r };
}

describe("a risky approval waits for a second supervisor", () => {
  it.each(["DUPLICATE_ID", "NAME_MISMATCH", "REUSED_PHOTO", "IP_MISMATCH"] as const)("%s: PENDING_SECOND_APPROVAL, a request recorded, device not authorised, nothing sent", async (flag) => {
    const { first, w, r } = await pendingCase([flag, "NEW_COUNTRY"]);
    expect(r).toMatchObject({ status: "PENDING_SECOND_APPROVAL", outcome: "PENDING_SECOND_APPROVAL", version: 2, webhookEventId: null, outboundEmailId: null });
    expect(await caseRow(w.caseId)).toMatchObject({ status: "PENDING_SECOND_APPROVAL", assigneeId: first.id, decidedAt: null, decidedById: null });
    expect(await approvalOf(w.caseId)).toMatchObject({ id: r.approvalId, kind: "CASE_APPROVAL", status: "PENDING", deviceId: w.deviceId, requestedById: first.id, note: "first look: fine" });
    expect(await deviceStatus(w.deviceId)).toBe("PENDING");
    expect(await caseDeliveries(w, "case.decided")).toHaveLength(0);
    expect(await caseDeliveries(w, "device.authorized")).toHaveLength(0);
    expect(await caseEmails(w.caseId)).toHaveLength(0);
    expect(await caseAudits(w.caseId, "approval.requested")).toHaveLength(1);
    expect((await caseAudits(w.caseId, "case.decided")).map((a) => a.data)).toMatchObject([{ decision: "SECOND_APPROVAL_REQUESTED", approvalId: r.approvalId, riskFlags: [flag, "NEW_COUNTRY"] }]);
    expect(await db.caseEvent.findFirstOrThrow({ where: { caseId: w.caseId, type: "APPROVAL_REQUESTED" } })).toMatchObject({ data: { approvalId: r.approvalId, riskFlags: [flag] } });
  });

  it("other flags do not need four eyes", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id, riskFlags: ["NEW_COUNTRY", "MANY_FAILURES"] });
    expect(await decideCase(agent, { ref: w.ref, decision: "APPROVE", version: 1 })).toMatchObject({ outcome: "APPROVED" });
    expect(await db.approvalRequest.count({ where: { caseId: w.caseId } })).toBe(0);
  });
});

describe("the second approval", () => {
  it("another supervisor approves: device AUTHORIZED, case APPROVED in the first decider's name, request APPROVED, everyone told", async () => {
    const { first, w, r } = await pendingCase(["REUSED_PHOTO"]);
    const second = await staffActor("SUPERVISOR");
    const d = await decideSecondApproval(second, { ref: w.ref, decision: "APPROVE", note: "agree", version: 2 }, { request });
    expect(d).toMatchObject({ status: "APPROVED", outcome: "APPROVED", version: 3, approvalId: r.approvalId });

    expect(await caseRow(w.caseId)).toMatchObject({ status: "APPROVED", decidedById: first.id, decisionNote: "first look: fine", assigneeId: first.id, version: 3 });
    expect(await db.device.findUniqueOrThrow({ where: { id: w.deviceId! } })).toMatchObject({ status: "AUTHORIZED", decidedById: second.id, decisionCaseId: w.caseId });
    expect(await approvalOf(w.caseId)).toMatchObject({ status: "APPROVED", decidedById: second.id, decisionNote: "agree" });

    expect((await caseAudits(w.caseId, "approval.decided")).map((a) => [a.actorId, a.data])).toMatchObject([[second.id, { decision: "APPROVED", requestedById: first.id }]]);
    expect((await caseAudits(w.caseId, "case.decided")).map((a) => [a.actorId, (a.data as { decision: string }).decision])).toEqual([
      [first.id, "SECOND_APPROVAL_REQUESTED"],
      [second.id, "APPROVED"],
    ]);
    expect((await caseAudits(w.caseId, "device.authorized")).map((a) => a.data)).toMatchObject([{ approvalId: r.approvalId, override: false }]);
    const deliveries = [...(await caseDeliveries(w, "case.decided")), ...(await caseDeliveries(w, "device.authorized"))];
    expect(deliveries.map((x) => x.eventType)).toEqual(["case.decided", "device.authorized"]);
    expect(deliveries[0].payload).toMatchObject({ data: { decision: "APPROVED", approvalId: r.approvalId } });
    expect(await webhookOutbox(deliveries.map((x) => x.id))).toHaveLength(2);
    expect((await caseEmails(w.caseId)).map((e) => [e.template, e.toAddress, e.outbox.length])).toEqual([["DECISION_APPROVED", w.email, 1]]);

    expect((await refusal(decideSecondApproval(second, { ref: w.ref, decision: "DECLINE", version: 3 }))).code).toBe("CONFLICT");
  });

  it("the requester may not give the second approval, even as a supervisor; nor may an agent (403, audited, nothing written)", async () => {
    const { first, w } = await pendingCase(["NAME_MISMATCH"], { role: "SUPERVISOR" });
    const agent = await staffActor("AGENT");
    const before = await snapshot(w);
    for (const who of [first, agent]) {
      for (const decision of ["APPROVE", "DECLINE"]) {
        const err = await refusal(decideSecondApproval(who, { ref: w.ref, decision, version: 2 }));
        expect({ code: err.code, status: err.status }).toEqual({ code: "FORBIDDEN", status: 403 });
      }
      expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: who.id, data: { path: ["permission"], equals: "case.approve_second" } } })).toBe(2);
    }
    expect(await snapshot(w)).toEqual(before);
  });

  it("APPROVE needs a fresh step-up; a stale version is a 409; neither writes anything", async () => {
    const { w } = await pendingCase();
    const before = await snapshot(w);
    expect((await refusal(decideSecondApproval(await staffActor("SUPERVISOR", { steppedUp: false }), { ref: w.ref, decision: "APPROVE", version: 2 }))).code).toBe("STEP_UP_REQUIRED");
    const supervisor = await staffActor("SUPERVISOR");
    for (const decision of ["APPROVE", "DECLINE"]) {
      expect(await refusal(decideSecondApproval(supervisor, { ref: w.ref, decision, version: 1 }))).toMatchObject({ code: "CONFLICT", details: { currentVersion: 2 } });
    }
    expect(await snapshot(w)).toEqual(before);
  });

  it("declined: back IN_REVIEW with its assignee, device untouched, nothing sent; the assignee may ask again", async () => {
    const { first, w, r } = await pendingCase(["DUPLICATE_ID"]);
    const second = await staffActor("SUPERVISOR", { steppedUp: false });
    const d = await decideSecondApproval(second, { ref: w.ref, decision: "DECLINE", note: "the photos differ", version: 2 });
    expect(d).toMatchObject({ status: "IN_REVIEW", outcome: "DECLINED", version: 3, approvalId: r.approvalId, webhookEventId: null, outboundEmailId: null });
    expect(await caseRow(w.caseId)).toMatchObject({ status: "IN_REVIEW", assigneeId: first.id, decidedAt: null });
    expect(await approvalOf(w.caseId)).toMatchObject({ status: "DECLINED", decidedById: second.id, decisionNote: "the photos differ" });
    expect(await deviceStatus(w.deviceId)).toBe("PENDING");
    expect(await caseDeliveries(w, "case.decided")).toHaveLength(0);
    expect(await caseEmails(w.caseId)).toHaveLength(0);
    expect((await caseAudits(w.caseId, "case.decided")).map((a) => (a.data as { decision: string }).decision)).toEqual(["SECOND_APPROVAL_REQUESTED", "SECOND_APPROVAL_DECLINED"]);
    expect((await caseAudits(w.caseId, "approval.decided")).map((a) => a.data)).toMatchObject([{ decision: "DECLINED" }]);

    // The assignee can still decide: a new approval asks again, a rejection closes it.
    const again = await decideCase(first, { ref: w.ref, decision: "APPROVE", version: 3 });
    expect(again).toMatchObject({ outcome: "PENDING_SECOND_APPROVAL", version: 4 });
    expect(again.approvalId).not.toBe(r.approvalId);
  });

  it("a request withdrawn meanwhile (the device was decided another way) can only be declined", async () => {
    const { w } = await pendingCase();
    const supervisor = await staffActor("SUPERVISOR");
    await revokeDevice(supervisor, { deviceId: w.deviceId!, reasonCode: "POLICY" });
    expect((await approvalOf(w.caseId)).status).toBe("CANCELLED");
    expect((await refusal(decideSecondApproval(supervisor, { ref: w.ref, decision: "APPROVE", version: 2 }))).code).toBe("CONFLICT");
    expect(await deviceStatus(w.deviceId)).toBe("REVOKED");
    expect(await decideSecondApproval(supervisor, { ref: w.ref, decision: "DECLINE", version: 2 })).toMatchObject({ status: "IN_REVIEW", outcome: "DECLINED" });
    expect((await approvalOf(w.caseId)).status).toBe("CANCELLED");
  });

  it("ID bound to another account: a supervisor asks, another approves, both recorded as overrides", async () => {
    const { w } = await pendingCase(["DUPLICATE_ID"], { idConflict: true, role: "SUPERVISOR" });
    expect((await caseAudits(w.caseId, "case.decided"))[0].data).toMatchObject({ decision: "SECOND_APPROVAL_REQUESTED", override: true });
    await decideSecondApproval(await staffActor("SUPERVISOR"), { ref: w.ref, decision: "APPROVE", version: 2 });
    expect((await caseAudits(w.caseId, "device.authorized"))[0].data).toMatchObject({ override: true });
    expect((await caseAudits(w.caseId, "case.decided"))[1].data).toMatchObject({ decision: "APPROVED", override: true });
  });

  it("two supervisors at once (approve and decline): exactly one wins, the other gets a conflict", async () => {
    for (const decisions of [["APPROVE", "DECLINE"], ["APPROVE", "APPROVE"], ["DECLINE", "DECLINE"]]) {
      const { w } = await pendingCase();
      const supervisors = await Promise.all([staffActor("SUPERVISOR"), staffActor("SUPERVISOR")]);
      const results = await Promise.allSettled(supervisors.map((s, i) => decideSecondApproval(s, { ref: w.ref, decision: decisions[i], version: 2 })));
      const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []));
      expect({ decisions, won: won.length, lost }).toEqual({ decisions, won: 1, lost: ["CONFLICT"] });
      expect((await caseRow(w.caseId)).status).toBe(won[0].outcome === "APPROVED" ? "APPROVED" : "IN_REVIEW");
      expect((await caseRow(w.caseId)).version).toBe(3);
      expect(await caseAudits(w.caseId, "approval.decided")).toHaveLength(1);
    }
  });

  it("is not for cases that are not waiting (409)", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id, riskFlags: ["IP_MISMATCH"] });
    expect((await refusal(decideSecondApproval(await staffActor("SUPERVISOR"), { ref: w.ref, decision: "APPROVE", version: 1 }))).code).toBe("CONFLICT");
  });
});

describe("over the API", () => {
  it("202 while waiting; 200 for the second approval; 409 with the error shape on a stale version", async () => {
    const [first, second] = await Promise.all([makeCaller("AGENT"), makeCaller("SUPERVISOR")]);
    const w = await makeDecisionCase({ assigneeId: first.staffId, riskFlags: ["IP_MISMATCH"] });
    const pending = await decisionRoute(...caseRequest(w.ref, "decision", first.apiHeaders, { decision: "APPROVE", version: 1 }));
    expect(pending.status).toBe(202);
    expect(await pending.json()).toMatchObject({ status: "PENDING_SECOND_APPROVAL", version: 2 });

    const stale = await secondApprovalRoute(...caseRequest(w.ref, "second-approval", { authorization: second.apiHeaders.authorization }, { decision: "DECLINE", version: 1 }));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: "CONFLICT", message: expect.stringContaining(w.ref) } });
    const own = await secondApprovalRoute(...caseRequest(w.ref, "second-approval", { authorization: first.apiHeaders.authorization }, { decision: "DECLINE", version: 2 }));
    expect(own.status).toBe(403);

    const ok = await secondApprovalRoute(...caseRequest(w.ref, "second-approval", second.apiHeaders, { decision: "APPROVE", version: 2 }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "APPROVED", outcome: "APPROVED", version: 3 });
    expect(await deviceStatus(w.deviceId)).toBe("AUTHORIZED");
  });
});
