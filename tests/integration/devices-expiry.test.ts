import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authorizeDevice } from "@/lib/devices/authorize-device";
import { expireIdleDevices } from "@/lib/devices/expire-idle-devices";
import { daysUntilExpiry } from "@/lib/devices/expiry";
import { expireDevicesJob } from "@/lib/devices/jobs";
import { findJob } from "@/lib/queue/jobs";
import { auditsFor, daysAgo, deliveriesFor, makeAccount, makeCase, makeDevice, makeWebhookEndpoint, staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeWebhookEndpoint();
});

describe("30-day expiry", () => {
  it("marks exactly the idle authorised devices EXPIRED, audits and announces each once", async () => {
    const now = new Date();
    const ago = (n: number) => daysAgo(n, now.getTime());
    const account = await makeAccount();
    const idle = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: ago(31), authorizedAt: ago(200) });
    const neverLoggedIn = await makeDevice(account.id, { status: "AUTHORIZED", authorizedAt: ago(30.5) });
    const recent = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: ago(29), authorizedAt: ago(200) });
    // Authorised again yesterday after a long silence: the clock restarts at the authorisation.
    const reauthorised = await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: ago(90), authorizedAt: ago(1) });
    const pending = await makeDevice(account.id, { status: "PENDING", lastLoginAt: ago(90) });
    const revoked = await makeDevice(account.id, { status: "REVOKED", lastLoginAt: ago(90), authorizedAt: ago(120) });

    const r = await expireIdleDevices(now, { batchSize: 1 });
    expect(r).toMatchObject({ expired: 2, more: false });
    expect(r.batches).toBe(3); // two full batches of one, then an empty one

    const rows = await db.device.findMany({ where: { accountId: account.id }, select: { id: true, status: true, expiredAt: true } });
    const byId = new Map(rows.map((d) => [d.id, d]));
    expect(byId.get(idle.id)).toEqual({ id: idle.id, status: "EXPIRED", expiredAt: now });
    expect(byId.get(neverLoggedIn.id)?.status).toBe("EXPIRED");
    for (const d of [recent, reauthorised]) expect(byId.get(d.id)?.status).toBe("AUTHORIZED");
    expect(byId.get(pending.id)?.status).toBe("PENDING");
    expect(byId.get(revoked.id)?.status).toBe("REVOKED");

    const [audit] = await auditsFor(idle.id, "device.expired");
    expect(audit).toMatchObject({ actorType: "SYSTEM", actorId: "device-expiry", accountId: account.id });
    expect(audit.data).toEqual({ deviceId: idle.id, accountId: account.id, lastLoginAt: ago(31).toISOString() });
    expect((await auditsFor(neverLoggedIn.id, "device.expired"))[0].data).toMatchObject({ lastLoginAt: null });

    const [delivery] = await deliveriesFor(idle.id, "device.expired");
    expect(delivery.payload).toMatchObject({ type: "device.expired", data: { deviceExternalId: idle.externalId, status: "EXPIRED", expiredAt: now.toISOString() } });
    expect(await db.outboxMessage.count({ where: { jobName: "webhooks.deliver", payload: { path: ["deliveryId"], equals: delivery.id } } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { eventType: "device.expired" } })).toBe(2);

    // A second run (the job retried, or the next hour) changes nothing.
    expect(await expireIdleDevices(now)).toMatchObject({ expired: 0 });
    expect(await db.auditEntry.count({ where: { action: "device.expired" } })).toBe(2);
  });

  it("an expired device can be authorised again and gets a full period", async () => {
    const agent = await staffActor("AGENT");
    const account = await makeAccount();
    const device = await makeDevice(account.id, { status: "EXPIRED", lastLoginAt: daysAgo(45), authorizedAt: daysAgo(80) });
    const c = await makeCase(account.id, { assigneeId: agent.id });
    const r = await authorizeDevice(agent, { deviceId: device.id, reasonCode: "CASE_APPROVED", caseRef: c.ref });
    expect((await auditsFor(device.id, "device.authorized"))[0].data).toMatchObject({ statusBefore: "EXPIRED" });
    const row = await db.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.expiredAt).toBeNull();
    expect(daysUntilExpiry(row)).toBe(29);
    expect(r.device.status).toBe("AUTHORIZED");
    expect(await expireIdleDevices()).toMatchObject({ expired: 0 });
  });

  it("counts down for the UI, and runs hourly from the scheduler", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const at = (iso: string) => new Date(iso);
    expect(daysUntilExpiry({ status: "AUTHORIZED", lastLoginAt: at("2026-11-20T12:00:00Z"), authorizedAt: at("2026-01-01T00:00:00Z"), firstSeenAt: at("2025-01-01T00:00:00Z") }, now, 30)).toBe(24);
    expect(daysUntilExpiry({ status: "AUTHORIZED", lastLoginAt: null, authorizedAt: null, firstSeenAt: at("2026-10-01T00:00:00Z") }, now, 30)).toBe(0);
    expect(daysUntilExpiry({ status: "PENDING", lastLoginAt: null, authorizedAt: null, firstSeenAt: now }, now, 30)).toBeNull();
    expect(findJob("devices.expire")).toBe(expireDevicesJob);
    expect(expireDevicesJob).toMatchObject({ queue: "scheduler", schedule: { pattern: "23 * * * *" } });
    expect(findJob("webhooks.deliver")?.queue).toBe("delivery");
  });
});
