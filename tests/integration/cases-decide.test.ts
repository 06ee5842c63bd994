import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as decisionRoute } from "@/app/api/v1/cases/[ref]/decision/route";
import { decideCase } from "@/lib/cases/decide";
import { db } from "@/lib/db";
import { authorizeDevice } from "@/lib/devices/authorize-device";
import { makeCaller } from "./authz/callers";
import { caseAudits } from "./support/cases-world";
import { caseDeliveries, caseEmails, caseRequest, caseRow, deviceStatus, makeDecisionCase, makeDecisionWebhookEndpoint, refusal, snapshot, webhookOutbox } from "./support/decisions-world";
import { staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeDecisionWebhookEndpoint();
});

const request = { requestId: "req-decide", ip: "198.51.100.30", userAgent: "vitest" };
const events = async (caseId: string) => (await db.caseEvent.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } })).map((e) => e.type);

describe("approving", () => {
  it("a clean case: device AUTHORIZED, case APPROVED (version + 1), audited once, identity service and customer told", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id });
    const r = await decideCase(agent, { ref: w.ref, decision: "APPROVE", note: "photos match", version: 1 }, { request });
    expect(r).toMatchObject({ ref: w.ref, status: "APPROVED", outcome: "APPROVED", version: 2, approvalId: null, deviceId: w.deviceId });

    expect(await caseRow(w.caseId)).toMatchObject({ status: "APPROVED", version: 2, decidedById: agent.id, decisionNote: "photos match", assigneeId: agent.id });
    expect((await caseRow(w.caseId)).decidedAt).toBeInstanceOf(Date);
    expect(await db.device.findUniqueOrThrow({ where: { id: w.deviceId! } })).toMatchObject({ status: "AUTHORIZED", decidedById: agent.id, decisionReason: "CASE_APPROVED", decisionCaseId: w.caseId });
    expect(await events(w.caseId)).toEqual(["DEVICE_AUTHORIZED", "APPROVED"]);

    const decided = await caseAudits(w.caseId, "case.decided");
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ actorId: agent.id, requestId: "req-decide", outcome: "SUCCESS" });
    expect(decided[0].data).toEqual({ caseId: w.caseId, ref: w.ref, decision: "APPROVED", statusBefore: "IN_REVIEW", statusAfter: "APPROVED", reasonCodes: [], deviceId: w.deviceId, approvalId: null, override: false, riskFlags: [], versionAfter: 2 });
    expect(JSON.stringify(decided[0].data)).not.toContain("photos match");
    const authorized = await caseAudits(w.caseId, "device.authorized");
    expect(authorized).toHaveLength(1);
    expect(authorized[0]).toMatchObject({ targetId: w.deviceId, data: { override: false, reasonCode: "CASE_APPROVED", caseId: w.caseId } });

    const [caseDecided] = await caseDeliveries(w, "case.decided");
    expect(caseDecided.eventId).toBe(r.webhookEventId);
    expect(caseDecided.payload).toMatchObject({ type: "case.decided", data: { caseRef: w.ref, decision: "APPROVED", accountUid: w.accountUid, deviceExternalId: w.deviceExternalId } });
    expect(JSON.stringify(caseDecided.payload)).not.toContain(w.email);
    const deviceAuthorized = await caseDeliveries(w, "device.authorized");
    expect(deviceAuthorized).toHaveLength(1);
    expect(await webhookOutbox([caseDecided.id, deviceAuthorized[0].id])).toHaveLength(2);

    const emails = await caseEmails(w.caseId);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ id: r.outboundEmailId, template: "DECISION_APPROVED", toAddress: w.email, status: "QUEUED", variables: { deviceName: "Pixel 9", caseRef: w.ref } });
    expect(emails[0].outbox).toHaveLength(1);
  });

  it("without a fresh step-up: refused, nothing written", async () => {
    const agent = await staffActor("AGENT", { steppedUp: false });
    const w = await makeDecisionCase({ assigneeId: agent.id });
    const before = await snapshot(w);
    expect((await refusal(decideCase(agent, { ref: w.ref, decision: "APPROVE", version: 1 }))).code).toBe("STEP_UP_REQUIRED");
    expect(await snapshot(w)).toEqual(before);
  });

  it("a case about no device cannot be approved (422), nothing written", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id, withDevice: false });
    const before = await snapshot(w);
    const err = await refusal(decideCase(agent, { ref: w.ref, decision: "APPROVE", version: 1 }));
    expect({ code: err.code, status: err.status }).toEqual({ code: "UNPROCESSABLE", status: 422 });
    expect(await snapshot(w)).toEqual(before);
  });

  it("ID bound to another account: an agent is refused naming the rule (audited); a supervisor approves as an override", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const w = await makeDecisionCase({ assigneeId: agent.id, idConflict: true });
    const before = await snapshot(w);
    const err = await refusal(decideCase(agent, { ref: w.ref, decision: "APPROVE", version: 1 }));
    expect(err).toMatchObject({ code: "FORBIDDEN", details: { rule: "ID_BOUND_TO_OTHER_ACCOUNT" } });
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: agent.id, data: { path: ["permission"], equals: "device.override_block" } } })).toBe(1);
    expect(await snapshot(w)).toEqual(before);

    const own = await makeDecisionCase({ assigneeId: supervisor.id, idConflict: true });
    expect(await decideCase(supervisor, { ref: own.ref, decision: "APPROVE", version: 1 })).toMatchObject({ outcome: "APPROVED" });
    expect(await deviceStatus(own.deviceId)).toBe("AUTHORIZED");
    expect((await caseAudits(own.caseId, "case.decided"))[0].data).toMatchObject({ override: true });
    expect((await caseAudits(own.caseId, "device.authorized"))[0].data).toMatchObject({ override: true });
  });

  it("a device authorised another way while the case was open: approving closes the case and leaves the device as it is", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const w = await makeDecisionCase({ assigneeId: agent.id });
    await authorizeDevice(supervisor, { deviceId: w.deviceId!, reasonCode: "IDENTITY_CONFIRMED", caseRef: w.ref });
    const r = await decideCase(agent, { ref: w.ref, decision: "APPROVE", version: 1 });
    expect(r).toMatchObject({ status: "APPROVED", version: 2 });
    expect(await db.device.findUniqueOrThrow({ where: { id: w.deviceId! } })).toMatchObject({ status: "AUTHORIZED", decidedById: supervisor.id, decisionReason: "IDENTITY_CONFIRMED" });
    expect(await caseAudits(w.caseId, "device.authorized")).toHaveLength(1);
    expect((await caseDeliveries(w, "case.decided")).map((d) => d.payload)).toMatchObject([{ data: { decision: "APPROVED" } }]);
    // Authorised through this case by someone else: the customer has not heard about the case yet.
    expect((await caseEmails(w.caseId)).map((e) => e.template)).toEqual(["DECISION_APPROVED"]);
  });
});

describe("rejecting, asking for new photos, escalating", () => {
  it("rejects with reason codes: REJECTED, reasons kept, identity service and customer told, device untouched", async () => {
    const agent = await staffActor("AGENT", { steppedUp: false });
    const w = await makeDecisionCase({ assigneeId: agent.id });
    const r = await decideCase(agent, { ref: w.ref, decision: "REJECT", reasonCodes: ["DOCUMENT_EXPIRED", "NAME_MISMATCH", "DOCUMENT_EXPIRED"], note: "Expired in 2021.", version: 1 });
    expect(r).toMatchObject({ status: "REJECTED", outcome: "REJECTED", version: 2 });
    expect(await caseRow(w.caseId)).toMatchObject({ status: "REJECTED", rejectReasons: ["DOCUMENT_EXPIRED", "NAME_MISMATCH"], decidedById: agent.id, decisionNote: "Expired in 2021." });
    expect(await deviceStatus(w.deviceId)).toBe("PENDING");
    expect((await caseAudits(w.caseId, "case.decided")).map((a) => a.data)).toMatchObject([{ decision: "REJECTED", reasonCodes: ["DOCUMENT_EXPIRED", "NAME_MISMATCH"], override: false }]);
    expect(await caseAudits(w.caseId, "device.authorized")).toHaveLength(0);
    expect((await caseDeliveries(w, "case.decided")).map((d) => d.payload)).toMatchObject([{ data: { decision: "REJECTED", reasonCodes: ["DOCUMENT_EXPIRED", "NAME_MISMATCH"] } }]);
    expect(await caseDeliveries(w, "device.authorized")).toHaveLength(0);
    const [email] = await caseEmails(w.caseId);
    expect(email).toMatchObject({ template: "DECISION_REJECTED", toAddress: w.email, variables: { reasonCodes: ["DOCUMENT_EXPIRED", "NAME_MISMATCH"], reasonNote: "Expired in 2021." } });
    expect(email.outbox).toHaveLength(1);
  });

  it("refuses a rejection without reasons, with an unknown reason, or OTHER without a note: nothing written", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id });
    const before = await snapshot(w);
    const other = await refusal(decideCase(agent, { ref: w.ref, decision: "REJECT", reasonCodes: ["OTHER"], note: "   ", version: 1 }));
    expect(other).toMatchObject({ code: "INVALID_INPUT", details: { fields: [{ path: "note" }] } });
    for (const reasonCodes of [[], ["BLURRY"], undefined]) {
      expect((await refusal(decideCase(agent, { ref: w.ref, decision: "REJECT", reasonCodes, version: 1 }))).details).toMatchObject({ fields: [{ path: expect.stringMatching(/^reasonCodes/) }] });
    }
    expect((await refusal(decideCase(agent, { ref: w.ref, decision: "approve", version: 1 }))).code).toBe("INVALID_INPUT");
    expect(await snapshot(w)).toEqual(before);
  });

  it("asks for new photos: AWAITING_CUSTOMER with the assignee kept, RESUBMISSION_REQUEST to the customer, no webhook", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id });
    expect((await refusal(decideCase(agent, { ref: w.ref, decision: "REQUEST_RESUBMISSION", reasonCodes: ["SUSPECTED_FRAUD"], version: 1 }))).code).toBe("INVALID_INPUT");
    const r = await decideCase(agent, { ref: w.ref, decision: "REQUEST_RESUBMISSION", reasonCodes: ["GLARE", "CROPPED"], version: 1 });
    expect(r).toMatchObject({ status: "AWAITING_CUSTOMER", outcome: "AWAITING_CUSTOMER", version: 2, webhookEventId: null });
    expect(await caseRow(w.caseId)).toMatchObject({ status: "AWAITING_CUSTOMER", assigneeId: agent.id, decidedAt: null, decidedById: null });
    const [email] = await caseEmails(w.caseId);
    expect(email).toMatchObject({ id: r.outboundEmailId, template: "RESUBMISSION_REQUEST", toAddress: w.email, variables: { reasonCodes: ["GLARE", "CROPPED"] } });
    expect(email.outbox).toHaveLength(1);
    expect(await caseDeliveries(w, "case.decided")).toHaveLength(0);
    expect(await events(w.caseId)).toEqual(["RESUBMISSION_REQUESTED"]);
    expect((await caseAudits(w.caseId, "case.decided"))[0].data).toMatchObject({ decision: "RESUBMISSION_REQUESTED", statusAfter: "AWAITING_CUSTOMER" });
    // Already waiting for the customer: asking again is refused (the console does not offer it either).
    expect((await refusal(decideCase(agent, { ref: w.ref, decision: "REQUEST_RESUBMISSION", reasonCodes: ["BLURRY"], version: 2 }))).code).toBe("CONFLICT");
    expect(await caseEmails(w.caseId)).toHaveLength(1);
  });

  it("escalates with a note (required): ESCALATED and unassigned, nothing sent out", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id });
    await db.reviewCase.update({ where: { id: w.caseId }, data: { claimedAt: new Date() } });
    const before = await snapshot(w);
    expect((await refusal(decideCase(agent, { ref: w.ref, decision: "ESCALATE", version: 1 }))).details).toMatchObject({ fields: [{ path: "note" }] });
    expect(await snapshot(w)).toEqual(before);

    const r = await decideCase(agent, { ref: w.ref, decision: "ESCALATE", note: "Looks like the photo of a screen.", version: 1 });
    expect(r).toMatchObject({ status: "ESCALATED", version: 2, outboundEmailId: null, webhookEventId: null });
    expect(await caseRow(w.caseId)).toMatchObject({ status: "ESCALATED", assigneeId: null, claimedAt: null });
    expect(await db.caseEvent.findFirstOrThrow({ where: { caseId: w.caseId, type: "ESCALATED" } })).toMatchObject({ actorId: agent.id, data: { assigneeBefore: agent.id, note: "Looks like the photo of a screen." } });
    expect(await caseEmails(w.caseId)).toHaveLength(0);
    expect(await caseDeliveries(w, "case.decided")).toHaveLength(0);
    expect(await deviceStatus(w.deviceId)).toBe("PENDING");
  });
});

describe("who may decide, and when", () => {
  it("a stale version is a 409 conflict with the current version; nothing written", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id });
    await db.reviewCase.update({ where: { id: w.caseId }, data: { version: 3 } });
    const before = await snapshot(w);
    for (const decision of ["APPROVE", "REJECT"]) {
      const err = await refusal(decideCase(agent, { ref: w.ref, decision, reasonCodes: decision === "REJECT" ? ["DOCUMENT_EXPIRED"] : undefined, version: 2 }));
      expect({ code: err.code, status: err.status, details: err.details }).toEqual({ code: "CONFLICT", status: 409, details: { ref: w.ref, currentVersion: 3 } });
    }
    expect(await snapshot(w)).toEqual(before);
  });

  it("an agent may not decide someone else's case or an unclaimed one (403, audited); a supervisor may, recorded as an override", async () => {
    const [agent, holder, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const w = await makeDecisionCase({ assigneeId: holder.id });
    const unclaimed = await makeDecisionCase({ status: "NEW" });
    const before = await snapshot(w);
    for (const c of [w, unclaimed]) {
      const err = await refusal(decideCase(agent, { ref: c.ref, decision: "REJECT", reasonCodes: ["DOCUMENT_EXPIRED"], version: 1 }));
      expect({ code: err.code, status: err.status }).toEqual({ code: "FORBIDDEN", status: 403 });
    }
    const denied = await db.auditEntry.findMany({ where: { action: "auth.denied", actorId: agent.id }, orderBy: { seq: "asc" } });
    expect(denied.map((d) => [d.caseId, d.outcome, (d.data as { permission: string }).permission])).toEqual([
      [w.caseId, "DENIED", "case.decide"],
      [unclaimed.caseId, "DENIED", "case.decide"],
    ]);
    expect(await snapshot(w)).toEqual(before);
    // A supervisor claims an unassigned case before deciding it.
    expect((await refusal(decideCase(supervisor, { ref: unclaimed.ref, decision: "ESCALATE", note: "odd", version: 1 }))).code).toBe("CONFLICT");

    expect(await decideCase(supervisor, { ref: w.ref, decision: "APPROVE", version: 1 })).toMatchObject({ outcome: "APPROVED" });
    expect(await caseRow(w.caseId)).toMatchObject({ decidedById: supervisor.id, assigneeId: holder.id });
    expect((await caseAudits(w.caseId, "case.decided"))[0]).toMatchObject({ actorId: supervisor.id, data: { override: true } });
    expect((await caseAudits(w.caseId, "device.authorized"))[0].data).toMatchObject({ override: true });
  });

  it("a decided case, or one waiting for a second approval, cannot be decided again (409)", async () => {
    const agent = await staffActor("AGENT");
    const w = await makeDecisionCase({ assigneeId: agent.id });
    await decideCase(agent, { ref: w.ref, decision: "REJECT", reasonCodes: ["DOCUMENT_UNREADABLE"], version: 1 });
    for (const decision of ["APPROVE", "REJECT", "ESCALATE"]) {
      const err = await refusal(decideCase(agent, { ref: w.ref, decision, reasonCodes: decision === "REJECT" ? ["OTHER"] : undefined, note: "again", version: 2 }));
      expect(err.code).toBe("CONFLICT");
    }
    const pending = await makeDecisionCase({ assigneeId: agent.id, status: "PENDING_SECOND_APPROVAL", riskFlags: ["IP_MISMATCH"] });
    expect((await refusal(decideCase(agent, { ref: pending.ref, decision: "REJECT", reasonCodes: ["DOCUMENT_EXPIRED"], version: 1 }))).code).toBe("CONFLICT");
    expect(await caseAudits(w.caseId, "case.decided")).toHaveLength(1);
    expect((await caseRow(w.caseId)).version).toBe(2);
  });

  it("two decisions at once on one case: exactly one wins, the other gets a conflict", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const pairs = [
      ["APPROVE", "REJECT"],
      ["REJECT", "APPROVE"],
      ["APPROVE", "APPROVE"],
      ["REJECT", "ESCALATE"],
      ["REQUEST_RESUBMISSION", "REJECT"],
    ] as const;
    for (const pair of pairs) {
      const w = await makeDecisionCase({ assigneeId: agent.id });
      const input = (decision: string) => ({ ref: w.ref, decision, version: 1, note: "concurrent", reasonCodes: decision === "REJECT" || decision === "REQUEST_RESUBMISSION" ? ["DOCUMENT_UNREADABLE"] : undefined });
      const results = await Promise.allSettled([decideCase(agent, input(pair[0])), decideCase(supervisor, input(pair[1]))]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code?: string }] : []));
      expect({ pair, won: won.length, lost: lost.map((e) => e.code) }).toEqual({ pair, won: 1, lost: ["CONFLICT"] });
      expect(await caseAudits(w.caseId, "case.decided")).toHaveLength(1);
      expect((await caseRow(w.caseId)).version).toBe(2);
      expect(await caseDeliveries(w, "device.authorized")).toHaveLength((await deviceStatus(w.deviceId)) === "AUTHORIZED" ? 1 : 0);
    }
  });
});

describe("over the API", () => {
  it("200 with the result; 409 with the error shape on a stale version; 400 naming the field", async () => {
    const caller = await makeCaller("AGENT");
    const w = await makeDecisionCase({ assigneeId: caller.staffId });
    const ok = await decisionRoute(...caseRequest(w.ref, "decision", caller.apiHeaders, { decision: "APPROVE", version: 1 }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.json()).toMatchObject({ ref: w.ref, status: "APPROVED", version: 2, outcome: "APPROVED" });
    expect(await deviceStatus(w.deviceId)).toBe("AUTHORIZED");

    const bearer = { authorization: caller.apiHeaders.authorization };
    const next = await makeDecisionCase({ assigneeId: caller.staffId });
    const stale = await decisionRoute(...caseRequest(next.ref, "decision", bearer, { decision: "REJECT", reasonCodes: ["DOCUMENT_EXPIRED"], version: 5 }));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: "CONFLICT", message: expect.stringContaining(next.ref) } });
    const bad = await decisionRoute(...caseRequest(next.ref, "decision", bearer, { decision: "REJECT", reasonCodes: ["OTHER"], version: 1 }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "INVALID_INPUT", details: { fields: [{ path: "note" }] } } });
    const noStepUp = await decisionRoute(...caseRequest(next.ref, "decision", bearer, { decision: "APPROVE", version: 1 }));
    expect(noStepUp.status).toBe(403);
    expect((await noStepUp.json()).error.code).toBe("STEP_UP_REQUIRED");
    expect(await caseRow(next.caseId)).toMatchObject({ status: "IN_REVIEW", version: 1 });
  });
});
