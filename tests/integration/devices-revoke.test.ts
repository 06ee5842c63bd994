import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authorizeRoute } from "@/app/api/v1/devices/[id]/authorize/route";
import { POST as revokeOthersRoute } from "@/app/api/v1/devices/[id]/revoke-others/route";
import { POST as revokeRoute } from "@/app/api/v1/devices/[id]/revoke/route";
import { POST as decideRoute } from "@/app/api/v1/approvals/[id]/decide/route";
import { GET as approvalsRoute } from "@/app/api/v1/approvals/route";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { currentTotp } from "@/lib/auth/mfa";
import { db } from "@/lib/db";
import { authorizeDevice } from "@/lib/devices/authorize-device";
import { revokeDevice } from "@/lib/devices/revoke-device";
import { revokeOtherDevices } from "@/lib/devices/revoke-other-devices";
import type { AppError } from "@/lib/errors";
import { accountWithPendingDevice, auditsFor, daysAgo, deliveriesFor, makeAccount, makeCase, makeDevice, makeWebhookEndpoint, staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeWebhookEndpoint();
});

const statusOf = async (id: string) => (await db.device.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

describe("revoking", () => {
  it("revokes one device, tells the identity service, withdraws its pending request; a second revoke is a conflict", async () => {
    const [agent, supervisor] = await Promise.all([staffActor("AGENT"), staffActor("SUPERVISOR")]);
    const { account, device } = await accountWithPendingDevice();
    const ask = await authorizeDevice(agent, { deviceId: device.id, reasonCode: "CUSTOMER_REQUEST" });
    if (ask.outcome !== "pending_approval") throw new Error("expected a pending approval");

    const c = await makeCase(account.id, { assigneeId: supervisor.id });
    const r = await revokeDevice(supervisor, { deviceId: device.id, reasonCode: "SUSPECTED_FRAUD", note: "the ID photo is reused", caseRef: c.ref });
    expect(r).toMatchObject({ caseRef: c.ref, device: { status: "REVOKED", decisionReason: "SUSPECTED_FRAUD", decidedById: supervisor.id } });
    expect(await db.approvalRequest.findUniqueOrThrow({ where: { id: ask.pendingApproval } })).toMatchObject({ status: "CANCELLED" });
    expect((await auditsFor(ask.pendingApproval, "approval.decided"))[0].data).toMatchObject({ decision: "CANCELLED" });
    expect((await auditsFor(device.id, "device.revoked"))[0].data).toEqual({
      deviceId: device.id, accountId: account.id, reasonCode: "SUSPECTED_FRAUD", caseId: c.id, statusBefore: "PENDING", scope: "one",
    });
    expect(await db.caseNote.count({ where: { caseId: c.id } })).toBe(1);
    expect((await deliveriesFor(device.id, "device.revoked"))[0].payload).toMatchObject({ data: { status: "REVOKED", scope: "one", reasonCode: "SUSPECTED_FRAUD" } });

    const again = await revokeDevice(supervisor, { deviceId: device.id, reasonCode: "POLICY" }).catch((e: AppError) => e);
    expect(again).toMatchObject({ code: "CONFLICT" });
  });

  it("revokes every other device that is not revoked yet, each audited and announced, and keeps the chosen one", async () => {
    const agent = await staffActor("AGENT");
    const account = await makeAccount();
    const keep = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: daysAgo(1) });
    const authorised = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: daysAgo(2) });
    const pending = await makeDevice(account.id, { status: "PENDING" });
    const revoked = await makeDevice(account.id, { status: "REVOKED" });
    const elsewhere = await accountWithPendingDevice();

    const r = await revokeOtherDevices(agent, { deviceId: keep.id, reasonCode: "LOST_OR_STOLEN" });
    expect(r.kept).toMatchObject({ id: keep.id, status: "AUTHORIZED" });
    expect(r.revoked.map((d) => d.id).sort()).toEqual([authorised.id, pending.id].sort());
    expect(await statusOf(keep.id)).toBe("AUTHORIZED");
    expect(await statusOf(elsewhere.device.id)).toBe("PENDING");
    for (const id of [authorised.id, pending.id]) {
      expect((await auditsFor(id, "device.revoked"))[0].data).toMatchObject({ scope: "all_others", reasonCode: "LOST_OR_STOLEN" });
      expect(await deliveriesFor(id, "device.revoked")).toHaveLength(1);
    }
    expect(await auditsFor(revoked.id, "device.revoked")).toHaveLength(0);
    expect((await revokeOtherDevices(agent, { deviceId: keep.id, reasonCode: "LOST_OR_STOLEN" })).revoked).toEqual([]);
  });
});

describe("concurrent decisions", () => {
  it("two authorisations of the same device at once: one wins, the other gets CONFLICT, nothing happens twice", async () => {
    const [a, b] = await Promise.all([staffActor("SUPERVISOR"), staffActor("SUPERVISOR")]);
    const { account, device } = await accountWithPendingDevice();
    const c = await makeCase(account.id, { assigneeId: a.id });
    const results = await Promise.allSettled([a, b, a, b].map((s) => authorizeDevice(s, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: c.ref })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT" });
    expect(await auditsFor(device.id, "device.authorized")).toHaveLength(1);
    expect(await deliveriesFor(device.id, "device.authorized")).toHaveLength(1);
  });

  it("revoke against revoke-all-others on the same account: each device is revoked once", async () => {
    const agent = await staffActor("AGENT");
    const account = await makeAccount();
    const keep = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: daysAgo(1) });
    const other = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: daysAgo(1) });
    const results = await Promise.allSettled([
      revokeDevice(agent, { deviceId: other.id, reasonCode: "LOST_OR_STOLEN" }),
      revokeOtherDevices(agent, { deviceId: keep.id, reasonCode: "LOST_OR_STOLEN" }),
      revokeDevice(agent, { deviceId: other.id, reasonCode: "LOST_OR_STOLEN" }),
    ]);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT" });
    expect(await auditsFor(other.id, "device.revoked")).toHaveLength(1);
    expect(await deliveriesFor(other.id, "device.revoked")).toHaveLength(1);
    expect(await statusOf(keep.id)).toBe("AUTHORIZED");
  });
});

describe("JSON API", () => {
  async function tokenFor(role: "AGENT" | "SUPERVISOR") {
    const s = await staffActor(role);
    const { token } = await createApiTokenUnchecked(undefined, { staffId: s.id, name: "devices", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
    return { ...s, auth: { authorization: `Bearer ${token}` }, totp: () => ({ "x-gatehouse-totp": currentTotp(s.secret!) }) };
  }
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    new Request(`http://localhost${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  it("needs the TOTP header (step-up); authorise without a case answers 202 with the request, a second supervisor approves", async () => {
    const [agent, supervisor] = await Promise.all([tokenFor("AGENT"), tokenFor("SUPERVISOR")]);
    const { device } = await accountWithPendingDevice();

    const noStepUp = await authorizeRoute(post(`/api/v1/devices/${device.id}/authorize`, agent.auth, { reasonCode: "CUSTOMER_REQUEST" }), params(device.id));
    expect(noStepUp.status).toBe(403);
    expect(await noStepUp.json()).toMatchObject({ error: { code: "STEP_UP_REQUIRED" } });

    const asked = await authorizeRoute(post(`/api/v1/devices/${device.id}/authorize`, { ...agent.auth, ...agent.totp() }, { reasonCode: "CUSTOMER_REQUEST", note: "called in" }), params(device.id));
    expect(asked.status).toBe(202);
    const { pendingApproval } = (await asked.json()) as { pendingApproval: string };

    const list = await approvalsRoute(new Request("http://localhost/api/v1/approvals?status=pending", { headers: supervisor.auth }), { params: Promise.resolve({}) });
    expect(((await list.json()) as { items: { id: string; canDecide: boolean }[] }).items).toContainEqual(expect.objectContaining({ id: pendingApproval, canDecide: true }));

    const decided = await decideRoute(post(`/api/v1/approvals/${pendingApproval}/decide`, { ...supervisor.auth, ...supervisor.totp() }, { decision: "APPROVE" }), params(pendingApproval));
    expect(decided.status).toBe(200);
    expect(await statusOf(device.id)).toBe("AUTHORIZED");
  });

  it("revoke and revoke-others; bad input is a 400 naming the field", async () => {
    // A TOTP code is accepted once: one caller per stepped-up request.
    const [agent, second] = await Promise.all([tokenFor("AGENT"), tokenFor("AGENT")]);
    const account = await makeAccount();
    const keep = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: daysAgo(1) });
    const other = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: daysAgo(1) });

    const bad = await revokeRoute(post(`/api/v1/devices/${other.id}/revoke`, { ...agent.auth, ...agent.totp() }, { reasonCode: "OTHER" }), params(other.id));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "INVALID_INPUT", details: { fields: [{ path: "note" }] } } });

    const others = await revokeOthersRoute(post(`/api/v1/devices/${keep.id}/revoke-others`, { ...second.auth, ...second.totp() }, { reasonCode: "SUSPECTED_COMPROMISE" }), params(keep.id));
    expect(others.status).toBe(200);
    expect(await statusOf(other.id)).toBe("REVOKED");
    const missing = await revokeRoute(post(`/api/v1/devices/not-a-device/revoke`, { ...agent.auth }, { reasonCode: "POLICY" }), params("not-a-device"));
    expect(missing.status).toBe(403); // step-up is checked before the device is looked up
  });
});
