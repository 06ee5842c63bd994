import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "@/lib/accounts/get-account";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { listApprovals } from "@/lib/approvals/list-approvals";
import { verifyChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";
import { authorizeDevice } from "@/lib/devices/authorize-device";
import { revokeDevice } from "@/lib/devices/revoke-device";
import { revokeOtherDevices } from "@/lib/devices/revoke-other-devices";
import { accountWithPendingDevice, auditsFor, deliveriesFor, makeCase, makeWebhookEndpoint, staffActor } from "../support/devices-world";
import { refusal } from "./support/cases-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeWebhookEndpoint();
});

const request = { requestId: "req-devices", ip: "198.51.100.20", userAgent: "vitest" };

const statusOf = async (id: string) => (await db.device.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

describe("authorising through a review case", () => {
  it("authorises at once for the case's assignee: device row, case timeline, audit entry and webhook outbox in one go", async () => {
    const agent = await staffActor("AGENT");
    const { account, device } = await accountWithPendingDevice();
    const c = await makeCase(account.id, { assigneeId: agent.id, deviceId: device.id });

    const r = await authorizeDevice(agent, { deviceId: device.id, reasonCode: "CASE_APPROVED", note: "photos match the KYC record", caseRef: c.ref }, { request });
    expect(r).toMatchObject({ outcome: "authorized", caseRef: c.ref, override: false, securityItems: [] });

    const row = await db.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row).toMatchObject({ status: "AUTHORIZED", authMethod: "MANUAL", decidedById: agent.id, decisionReason: "CASE_APPROVED", decisionCaseId: c.id });
    const [audit] = await auditsFor(device.id, "device.authorized");
    expect(audit).toMatchObject({ actorId: agent.id, caseId: c.id, accountId: account.id, requestId: "req-devices" });
    expect(audit.data).toEqual({ deviceId: device.id, accountId: account.id, reasonCode: "CASE_APPROVED", caseId: c.id, approvalId: null, override: false, statusBefore: "PENDING" });
    expect(await db.caseEvent.count({ where: { caseId: c.id, type: "DEVICE_AUTHORIZED" } })).toBe(1);

    const [delivery] = await deliveriesFor(device.id, "device.authorized");
    expect(delivery.eventId).toBe(r.outcome === "authorized" ? r.webhookEventId : "");
    expect(delivery.payload).toMatchObject({ type: "device.authorized", data: { deviceExternalId: device.externalId, accountUid: account.uid, reasonCode: "CASE_APPROVED", caseRef: c.ref } });
    expect(await db.outboxMessage.count({ where: { jobName: "webhooks.deliver", payload: { path: ["deliveryId"], equals: delivery.id } } })).toBe(1);
  });

  it("refuses an agent on someone else's case (audited); a supervisor overrides, recorded as override", async () => {
    const [agent, other, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const { account, device } = await accountWithPendingDevice();
    const c = await makeCase(account.id, { assigneeId: other.id });

    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: c.ref }))).code).toBe("FORBIDDEN");
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: agent.id } })).toBe(1);
    expect(await statusOf(device.id)).toBe("PENDING");

    const r = await authorizeDevice(supervisor, { deviceId: device.id, reasonCode: "IDENTITY_CONFIRMED", caseRef: c.ref });
    expect(r).toMatchObject({ outcome: "authorized", override: true });
    expect((await auditsFor(device.id, "device.authorized"))[0].data).toMatchObject({ override: true });
  });

  it("refuses a case of another account, a rejected case, CASE_APPROVED without a case and OTHER without a note", async () => {
    const agent = await staffActor("AGENT");
    const { device } = await accountWithPendingDevice();
    const elsewhere = await accountWithPendingDevice();
    const foreign = await makeCase(elsewhere.account.id, { assigneeId: agent.id });
    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: foreign.ref }))).code).toBe("UNPROCESSABLE");

    const ownAccount = (await db.device.findUniqueOrThrow({ where: { id: device.id } })).accountId;
    const rejected = await makeCase(ownAccount, { assigneeId: agent.id, status: "REJECTED" });
    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "IDENTITY_CONFIRMED", caseRef: rejected.ref }))).code).toBe("CONFLICT");

    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "CASE_APPROVED" }))).details).toMatchObject({ fields: [{ path: "caseRef" }] });
    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "OTHER" }))).details).toMatchObject({ fields: [{ path: "note" }] });
    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "LOST_OR_STOLEN" }))).code).toBe("INVALID_INPUT");
    expect(await statusOf(device.id)).toBe("PENDING");
  });

  it("refuses to go around four eyes: an open case with a risky flag is approved on its own page, not through the device", async () => {
    const agent = await staffActor("AGENT");
    const supervisor = await staffActor("SUPERVISOR");
    const { account, device } = await accountWithPendingDevice();
    const c = await makeCase(account.id, { assigneeId: agent.id, deviceId: device.id });
    await db.reviewCase.update({ where: { id: c.id }, data: { riskFlags: ["IP_MISMATCH"] } });
    for (const who of [agent, supervisor]) {
      const err = await refusal(authorizeDevice(who, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: c.ref }));
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toMatch(/second supervisor/);
    }
    expect(await statusOf(device.id)).toBe("PENDING");
    expect(await auditsFor(device.id, "device.authorized")).toHaveLength(0);
  });

  it("lists the security items an identity-unverified account must still pass, and tells the identity service", async () => {
    const agent = await staffActor("AGENT");
    const { account, device } = await accountWithPendingDevice({ kycStatus: "UNVERIFIED", securityItems: ["EMAIL_CODE", "SMS_CODE"] });
    const c = await makeCase(account.id, { assigneeId: agent.id });
    const r = await authorizeDevice(agent, { deviceId: device.id, reasonCode: "CUSTOMER_REQUEST", caseRef: c.ref });
    expect(r.securityItems).toEqual(["EMAIL_CODE", "SMS_CODE"]);
    expect((await deliveriesFor(device.id, "device.authorized"))[0].payload).toMatchObject({ data: { securityItemsRequired: ["EMAIL_CODE", "SMS_CODE"] } });
  });
});

describe("four-eyes: authorising without a case", () => {
  it("records a request instead; the requester cannot approve, an agent cannot either, a second supervisor can", async () => {
    const [first, second, agent] = await Promise.all([staffActor("SUPERVISOR"), staffActor("SUPERVISOR"), staffActor("AGENT")]);
    const { account, device } = await accountWithPendingDevice();

    const r = await authorizeDevice(first, { deviceId: device.id, reasonCode: "IDENTITY_CONFIRMED", note: "video call" }, { request });
    if (r.outcome !== "pending_approval") throw new Error("expected a pending approval");
    expect(await statusOf(device.id)).toBe("PENDING");
    expect(await db.approvalRequest.findUniqueOrThrow({ where: { id: r.pendingApproval } })).toMatchObject({ kind: "DEVICE_AUTHORIZATION", status: "PENDING", requestedById: first.id, note: "video call" });
    expect(await auditsFor(r.pendingApproval, "approval.requested")).toHaveLength(1);
    expect((await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "CUSTOMER_REQUEST" }))).code).toBe("CONFLICT");

    const own = await refusal(decideApproval(first, { approvalId: r.pendingApproval, decision: "APPROVE" }));
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toContain("another supervisor");
    expect((await refusal(decideApproval(agent, { approvalId: r.pendingApproval, decision: "APPROVE" }))).code).toBe("FORBIDDEN");
    expect(await statusOf(device.id)).toBe("PENDING");

    const listed = await listApprovals(second, { status: "PENDING" });
    expect(listed.items.find((a) => a.id === r.pendingApproval)).toMatchObject({ canDecide: true, requestedBy: { id: first.id } });
    expect((await listApprovals(first)).items.find((a) => a.id === r.pendingApproval)?.canDecide).toBe(false);

    const d = await decideApproval(second, { approvalId: r.pendingApproval, decision: "APPROVE" }, { request });
    expect(d).toMatchObject({ status: "APPROVED", device: { status: "AUTHORIZED", decidedById: second.id } });
    expect(await db.approvalRequest.findUniqueOrThrow({ where: { id: r.pendingApproval } })).toMatchObject({ status: "APPROVED", decidedById: second.id });
    // The requester's note is the device's decision note; the account page names both people.
    expect(await db.device.findUniqueOrThrow({ where: { id: device.id } })).toMatchObject({ decisionNote: "video call", decisionReason: "IDENTITY_CONFIRMED" });
    const shown = (await getAccount(second, { uid: account.uid })).devices.find((x) => x.id === device.id);
    expect(shown?.decision).toMatchObject({ by: { id: second.id }, requestedBy: { id: first.id } });
    expect((await auditsFor(device.id, "device.authorized"))[0].data).toMatchObject({ approvalId: r.pendingApproval, override: false, reasonCode: "IDENTITY_CONFIRMED" });
    expect((await refusal(decideApproval(second, { approvalId: r.pendingApproval, decision: "DECLINE" }))).code).toBe("CONFLICT");
    expect(await deliveriesFor(device.id, "device.authorized")).toHaveLength(1);
  });

  it("a declined request leaves the device as it was", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const { device } = await accountWithPendingDevice();
    const r = await authorizeDevice(agent, { deviceId: device.id, reasonCode: "CUSTOMER_REQUEST" });
    if (r.outcome !== "pending_approval") throw new Error("expected a pending approval");
    expect(await decideApproval(supervisor, { approvalId: r.pendingApproval, decision: "DECLINE" })).toMatchObject({ status: "DECLINED", webhookEventId: null });
    expect(await statusOf(device.id)).toBe("PENDING");
    expect((await db.auditEntry.findFirstOrThrow({ where: { action: "approval.decided", targetId: r.pendingApproval } })).data).toMatchObject({ decision: "DECLINED", requestedById: agent.id });
  });
});

describe("one ID, one account", () => {
  it("refuses an agent with the rule named, on both paths; a supervisor overrides, audited as override", async () => {
    const [agent, supervisor, second] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR"), staffActor("SUPERVISOR")]);
    const { account, device } = await accountWithPendingDevice({ idConflict: true });
    const c = await makeCase(account.id, { assigneeId: agent.id });

    for (const caseRef of [c.ref, undefined]) {
      const err = await refusal(authorizeDevice(agent, { deviceId: device.id, reasonCode: "IDENTITY_CONFIRMED", caseRef }));
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toMatch(/already bound to another account.*supervisor/);
      expect(err.details).toEqual({ rule: "ID_BOUND_TO_OTHER_ACCOUNT" });
    }
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: agent.id, data: { path: ["permission"], equals: "device.override_block" } } })).toBe(2);
    expect(await db.approvalRequest.count({ where: { deviceId: device.id } })).toBe(0);

    // Without a case: the supervisor's request, a second supervisor's approval, both overriding.
    const r = await authorizeDevice(supervisor, { deviceId: device.id, reasonCode: "IDENTITY_CONFIRMED" });
    if (r.outcome !== "pending_approval") throw new Error("expected a pending approval");
    expect(await decideApproval(second, { approvalId: r.pendingApproval, decision: "APPROVE" })).toMatchObject({ status: "APPROVED", override: true });
    expect((await auditsFor(device.id, "device.authorized"))[0].data).toMatchObject({ override: true, approvalId: r.pendingApproval });
  });
});

describe("who may act", () => {
  it("auditors and administrators change nothing; a stale confirmation means step-up first", async () => {
    const { account, device } = await accountWithPendingDevice();
    const c = await makeCase(account.id);
    for (const role of ["AUDITOR", "ADMIN"] as const) {
      const actor = await staffActor(role);
      expect((await refusal(authorizeDevice(actor, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: c.ref }))).code).toBe("FORBIDDEN");
      expect((await refusal(revokeDevice(actor, { deviceId: device.id, reasonCode: "POLICY" }))).code).toBe("FORBIDDEN");
      expect((await refusal(revokeOtherDevices(actor, { deviceId: device.id, reasonCode: "POLICY" }))).code).toBe("FORBIDDEN");
      expect((await refusal(decideApproval(actor, { approvalId: device.id, decision: "APPROVE" }))).code).toBe("FORBIDDEN");
    }
    const stale = await staffActor("SUPERVISOR", { steppedUp: false });
    expect((await refusal(authorizeDevice(stale, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: c.ref }))).code).toBe("STEP_UP_REQUIRED");
    expect((await refusal(revokeDevice(stale, { deviceId: device.id, reasonCode: "POLICY" }))).code).toBe("STEP_UP_REQUIRED");
    expect(await statusOf(device.id)).toBe("PENDING");
    expect(await db.auditEntry.count({ where: { action: { in: ["device.authorized", "device.revoked"] }, targetId: device.id } })).toBe(0);
  });

  it("the audit chain is intact after everything above", async () => {
    expect((await verifyChain()).ok).toBe(true);
  });
});
