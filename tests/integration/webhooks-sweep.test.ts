import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { setWebhookPolicy } from "@/lib/webhooks/policy";
import { sweepStuckWebhooks, WEBHOOK_STUCK_AFTER_MS } from "@/lib/webhooks/sweep";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { makeStaff } from "./support/staff";

let receiver: WebhookReceiver;
let endpointId: string;

beforeAll(async () => {
  setWebhookPolicy({ allowPrivateTargets: true, timeoutMs: 3_000 });
  receiver = await startWebhookReceiver({ port: 0, secret: "whsec_placeholderplaceholderplaceholder00" });
  const staff = await makeStaff("ADMIN");
  const admin: Actor = { type: "STAFF", id: staff.id, role: "ADMIN" };
  const made = await createWebhookEndpoint(admin, { name: "Identity service", url: receiver.url, events: ["device.revoked"] });
  endpointId = made.endpoint.id;
  receiver.setSecret(made.secret);
});

afterAll(async () => {
  setWebhookPolicy({});
  await receiver.close();
  await db.$disconnect();
});

async function emitOne(deviceId: string): Promise<string> {
  const out = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "device.revoked", data: { deviceId, accountUid: "u-1", reasonCode: "LOST_OR_STOLEN" } }));
  return (await db.webhookDelivery.findFirstOrThrow({ where: { eventId: out.eventId, endpointId } })).id;
}

/** The delivery and every attempt queued for it look older than the stuck threshold. */
async function age(id: string): Promise<void> {
  const past = new Date(Date.now() - WEBHOOK_STUCK_AFTER_MS - 60_000);
  await db.webhookDelivery.update({ where: { id }, data: { createdAt: past, nextAttemptAt: null } });
  await db.$executeRaw`UPDATE "OutboxMessage" SET "createdAt" = ${past}, "availableAt" = ${past} WHERE "jobName" = 'webhooks.deliver' AND payload->>'deliveryId' = ${id}`;
}

const attemptsQueued = (id: string) => db.outboxMessage.count({ where: { jobName: "webhooks.deliver", payload: { path: ["deliveryId"], equals: id } } });

describe("webhook sweep: a delivery whose job was lost gets a new attempt", () => {
  it("leaves fresh deliveries alone, requeues a stuck one once, and the attempt delivers it", async () => {
    const fresh = await emitOne("d-fresh");
    const stuck = await emitOne("d-stuck");
    await age(stuck);
    const first = await sweepStuckWebhooks();
    expect(first.requeued).toContain(stuck);
    expect(first.requeued).not.toContain(fresh);
    expect(await attemptsQueued(stuck)).toBe(2);
    // Its new attempt counts as queued: the next sweep does nothing more.
    expect((await sweepStuckWebhooks()).requeued).not.toContain(stuck);
    expect(await attemptsQueued(stuck)).toBe(2);

    const res = await deliverWebhook(stuck);
    expect(res.status).toBe("delivered");
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: stuck } })).status).toBe("DELIVERED");
    await age(stuck);
    expect((await sweepStuckWebhooks()).requeued).not.toContain(stuck);
  });

  it("does not requeue a delivery whose next attempt is scheduled in the future", async () => {
    const id = await emitOne("d-later");
    await age(id);
    await db.webhookDelivery.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    expect((await sweepStuckWebhooks()).requeued).not.toContain(id);
  });
});
