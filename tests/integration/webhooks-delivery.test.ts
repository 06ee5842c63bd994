// Signed webhooks to the identity service (lib/webhooks) against the real database and Redis, with
// the identity-service simulator's receiver on a random port.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { relayOutboxBatch } from "@/lib/outbox/relay";
import { createRedis } from "@/lib/queue/connection";
import { queueFactory } from "@/lib/queue/queues";
import { startQueueWorker } from "@/lib/queue/worker";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { emitWebhookEvent, type WebhookEventInput } from "@/lib/webhooks/emit";
import { setWebhookPolicy } from "@/lib/webhooks/policy";
import { redeliverWebhook } from "@/lib/webhooks/redeliver";
import { retryWindowEnd } from "@/lib/webhooks/schedule";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { makeStaff } from "./support/staff";

let receiver: WebhookReceiver;
let admin: Actor;
let endpointId: string;

beforeAll(async () => {
  setWebhookPolicy({ allowPrivateTargets: true, timeoutMs: 3_000 });
  receiver = await startWebhookReceiver({ port: 0, secret: "whsec_placeholderplaceholderplaceholder00" });
  const staff = await makeStaff("ADMIN");
  admin = { type: "STAFF", id: staff.id, role: "ADMIN" };
  const made = await createWebhookEndpoint(admin, { name: "Identity service", url: receiver.url, events: ["device.authorized", "device.revoked", "device.expired", "case.decided"] });
  endpointId = made.endpoint.id;
  receiver.setSecret(made.secret);
});

afterAll(async () => {
  setWebhookPolicy({});
  await receiver.close();
  await db.$disconnect();
});

beforeEach(() => {
  receiver.setMode("up");
  receiver.clear();
});

async function emit(event: Partial<WebhookEventInput> = {}) {
  const out = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "device.revoked", data: { deviceId: "d-1", accountUid: "u-1", reasonCode: "LOST_OR_STOLEN" }, ...event }));
  const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: out.eventId, endpointId } });
  return { ...out, delivery };
}

const row = (id: string) => db.webhookDelivery.findUniqueOrThrow({ where: { id } });

/** Standard Webhooks verification written here from the spec, independently of lib/webhooks. */
function independentlyValid(secret: string, h: http.IncomingHttpHeaders, body: string): boolean {
  const id = String(h["webhook-id"]);
  const ts = String(h["webhook-timestamp"]);
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.split("_")[1], "base64");
  const mac = createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest();
  return String(h["webhook-signature"])
    .split(" ")
    .some((s) => s.startsWith("v1,") && Buffer.from(s.slice(3), "base64").length === 32 && timingSafeEqual(Buffer.from(s.slice(3), "base64"), mac));
}

describe("emit", () => {
  it("records one delivery per active subscribed endpoint and an outbox row each; the same id twice adds nothing", async () => {
    const other = await db.webhookEndpoint.create({ data: { name: "expiry only", url: "http://127.0.0.1:1/x", secret: "whsec_x", events: ["device.expired"] } });
    await db.webhookEndpoint.create({ data: { name: "off", url: "http://127.0.0.1:1/y", secret: "whsec_y", events: ["device.revoked"], active: false } });
    const first = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "device.revoked", id: "evt_fixed_1", data: { deviceId: "d-9" } }));
    const again = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "device.revoked", id: "evt_fixed_1", data: { deviceId: "d-9" } }));
    expect(first).toEqual({ eventId: "evt_fixed_1", deliveries: 1 });
    expect(again).toEqual({ eventId: "evt_fixed_1", deliveries: 0 });
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: "evt_fixed_1" } });
    expect(d).toMatchObject({ endpointId, eventType: "device.revoked", status: "PENDING", attempts: 0 });
    expect(d.payload).toMatchObject({ type: "device.revoked", data: { deviceId: "d-9" } });
    expect(await db.outboxMessage.count({ where: { jobName: "webhooks.deliver", payload: { equals: { deliveryId: d.id } } } })).toBe(1);
    await db.webhookEndpoint.delete({ where: { id: other.id } });
  });

  it("refuses personal data in the event data", async () => {
    await expect(db.$transaction((tx) => emitWebhookEvent(tx, { type: "case.decided", data: { caseRef: "GH-1", email: "a@b.c" } }))).rejects.toThrow(/personal data/);
  });
});

describe("delivery", () => {
  it("signs in the Standard Webhooks way: verifiable by an independent implementation", async () => {
    const captured: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const capture = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => (captured.push({ headers: req.headers, body }), res.writeHead(204).end()));
    });
    await new Promise<void>((r) => capture.listen(0, "127.0.0.1", r));
    const made = await createWebhookEndpoint(admin, { name: "capture", url: `http://127.0.0.1:${(capture.address() as AddressInfo).port}/hook`, events: ["case.decided"] });
    try {
      expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const out = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "case.decided", data: { caseRef: "GH-000042", decision: "APPROVED" } }));
      const d = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: out.eventId, endpointId: made.endpoint.id } });
      expect(await deliverWebhook(d.id)).toMatchObject({ status: "delivered", attempts: 1, httpStatus: 204 });
      const [req] = captured;
      expect(req.headers["webhook-id"]).toBe(out.eventId);
      expect(req.headers["content-type"]).toBe("application/json");
      expect(independentlyValid(made.secret, req.headers, req.body)).toBe(true);
      expect(independentlyValid(made.secret, req.headers, req.body.replace("APPROVED", "REJECTED"))).toBe(false);
      expect(JSON.parse(req.body)).toEqual({ type: "case.decided", timestamp: expect.stringMatching(/Z$/), data: { caseRef: "GH-000042", decision: "APPROVED" } });
      expect(await row(d.id)).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatus: 204, lastError: null });
      // A second run of the same job sends nothing.
      expect(await deliverWebhook(d.id)).toMatchObject({ status: "skipped", reason: "not_pending" });
      expect(captured).toHaveLength(1);
    } finally {
      await db.webhookEndpoint.delete({ where: { id: made.endpoint.id } });
      await new Promise((r) => capture.close(r));
    }
  });

  it("retries after the receiver was down: 503, then it comes up and the next attempt delivers", async () => {
    receiver.setMode("down");
    const { delivery } = await emit();
    const first = await deliverWebhook(delivery.id);
    expect(first).toMatchObject({ status: "retry_scheduled", attempts: 1 });
    const after1 = await row(delivery.id);
    expect(after1).toMatchObject({ status: "PENDING", attempts: 1, lastStatus: 503 });
    expect(after1.lastError).toMatch(/^HTTP 503/);
    expect(after1.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(25_000);
    // The next attempt waits in the outbox until it is due; running the job early does nothing.
    const next = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "webhooks.deliver", dedupeKey: { endsWith: `${delivery.id}_a2` } } });
    expect(next.availableAt.getTime()).toBe(after1.nextAttemptAt!.getTime());
    expect(await deliverWebhook(delivery.id)).toMatchObject({ status: "skipped", reason: "not_due" });

    receiver.setMode("up");
    expect(await deliverWebhook(delivery.id, { now: after1.nextAttemptAt! })).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await row(delivery.id)).toMatchObject({ status: "DELIVERED", attempts: 2, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(receiver.events().filter((e) => e.id === delivery.eventId)).toHaveLength(1);
    expect(receiver.rejections().filter((r) => r.reason === "down")).toHaveLength(1);
  });

  it("backs off exponentially and gives up after WEBHOOK_MAX_RETRY_HOURS: FAILED and audited", async () => {
    receiver.setMode("down");
    const { delivery } = await emit();
    const end = retryWindowEnd(delivery.createdAt, 24);
    let now = delivery.createdAt;
    const gaps: number[] = [];
    for (;;) {
      const r = await deliverWebhook(delivery.id, { now });
      if (r.status !== "retry_scheduled") {
        expect(r).toMatchObject({ status: "failed" });
        break;
      }
      gaps.push(r.nextAttemptAt.getTime() - now.getTime());
      now = r.nextAttemptAt;
    }
    expect(gaps.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(Math.max(...gaps)).toBe(3 * 3600_000);
    expect(now.getTime()).toBe(end.getTime()); // the last attempt is at the end of the window
    const failed = await row(delivery.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: gaps.length + 1, lastStatus: 503, nextAttemptAt: null });
    expect(failed.attempts).toBeGreaterThanOrEqual(14);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "webhook.delivery_failed", targetId: delivery.id } });
    expect(audit.data).toEqual({ deliveryId: delivery.id, endpointId, eventType: "device.revoked", attempts: failed.attempts, lastStatus: 503 });
  });

  it("redelivers on request: audited, one at a time, and the same webhook-id", async () => {
    receiver.setMode("down");
    const { delivery } = await emit();
    await deliverWebhook(delivery.id, { now: new Date(delivery.createdAt.getTime() + 25 * 3600_000) });
    expect((await row(delivery.id)).status).toBe("FAILED");

    receiver.setMode("up");
    const out = await redeliverWebhook(admin, { deliveryId: delivery.id });
    expect(out.delivery).toMatchObject({ id: delivery.id, status: "PENDING" });
    await expect(redeliverWebhook(admin, { deliveryId: delivery.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditEntry.count({ where: { action: "webhook.redelivered", targetId: delivery.id } })).toBe(1);
    const job = await db.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { endsWith: `${delivery.id}_m1` } } });
    expect(job.payload).toEqual({ deliveryId: delivery.id, manual: true });

    expect(await deliverWebhook(delivery.id, { manual: true })).toMatchObject({ status: "delivered", attempts: 2 });
    expect((await receiver.waitFor((e) => e.id === delivery.eventId)).type).toBe("device.revoked");
    // A redelivered event the receiver already has is acknowledged and not recorded twice.
    await redeliverWebhook(admin, { deliveryId: delivery.id });
    expect(await deliverWebhook(delivery.id, { manual: true })).toMatchObject({ status: "delivered", attempts: 3 });
    expect(receiver.events().find((e) => e.id === delivery.eventId)?.deliveries).toBe(2);
  });

  it("refuses private targets at send time when they are not allowed (literal address and DNS name)", async () => {
    const port = receiver.port;
    const literal = await db.webhookEndpoint.create({ data: { name: "literal", url: `http://127.0.0.1:${port}/webhooks`, secret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", events: ["device.expired"] } });
    const named = await db.webhookEndpoint.create({ data: { name: "named", url: `http://localhost:${port}/webhooks`, secret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", events: ["device.expired"] } });
    await db.webhookEndpoint.update({ where: { id: endpointId }, data: { events: ["device.authorized", "device.revoked", "case.decided"] } });
    setWebhookPolicy({ allowPrivateTargets: false, timeoutMs: 3_000 });
    try {
      const out = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "device.expired", data: { deviceId: "d-2" } }));
      for (const e of [literal, named]) {
        const d = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: out.eventId, endpointId: e.id } });
        expect(await deliverWebhook(d.id)).toMatchObject({ status: "retry_scheduled", error: expect.stringMatching(/^refused: /) });
      }
      expect(receiver.events()).toHaveLength(0);
      expect(receiver.rejections()).toHaveLength(0); // nothing reached it
    } finally {
      setWebhookPolicy({ allowPrivateTargets: true, timeoutMs: 3_000 });
      await db.webhookEndpoint.update({ where: { id: endpointId }, data: { events: ["device.authorized", "device.revoked", "device.expired", "case.decided"] } });
      await db.webhookEndpoint.deleteMany({ where: { id: { in: [literal.id, named.id] } } });
    }
  });

  it("goes outbox → relay → BullMQ → the delivery worker → the simulator", async () => {
    await db.outboxMessage.updateMany({ data: { publishedAt: new Date() } }); // rows of earlier tests
    const { delivery } = await emit({ type: "device.authorized", data: { deviceId: "d-7", accountUid: "u-7" } });
    const redis = createRedis("worker");
    const queues = queueFactory(redis);
    const worker = startQueueWorker("delivery", { concurrency: 1 });
    try {
      expect(await relayOutboxBatch(db, queues.get, 50)).toBe(1);
      const event = await receiver.waitFor((e) => e.id === delivery.eventId);
      expect(event).toMatchObject({ type: "device.authorized", data: { deviceId: "d-7", accountUid: "u-7" } });
      await expect.poll(async () => (await row(delivery.id)).status).toBe("DELIVERED");
      const job = await queues.get("delivery").getJob(`webhooks.deliver__${delivery.id}_a1`);
      expect(job?.opts.jobId).toBe(`webhooks.deliver__${delivery.id}_a1`);
    } finally {
      await worker.close();
      await queues.close();
      redis.disconnect();
    }
  });

  it("a revoke reaches the simulator: revokeDevice → outbox → relay → worker → device.revoked", async () => {
    await db.outboxMessage.updateMany({ data: { publishedAt: new Date() } });
    const { revokeDevice } = await import("@/lib/devices/revoke-device");
    const account = await db.account.create({ data: { uid: `u-${Date.now()}`, email: "holder@customer.test", emailNormalized: "holder@customer.test" } });
    const now = new Date();
    const device = await db.device.create({
      data: { accountId: account.id, externalId: "ios-abc123", platform: "IOS", status: "AUTHORIZED", firstSeenAt: now, lastSeenAt: now, lastLoginAt: now, authorizedAt: now },
    });
    const agent = await makeStaff("AGENT");
    const actor: Actor = { type: "STAFF", id: agent.id, role: "AGENT", steppedUpAt: new Date() };
    const result = await revokeDevice(actor, { deviceId: device.id, reasonCode: "LOST_OR_STOLEN" });

    const redis = createRedis("worker");
    const queues = queueFactory(redis);
    const worker = startQueueWorker("delivery", { concurrency: 1 });
    try {
      expect(await relayOutboxBatch(db, queues.get, 50)).toBeGreaterThanOrEqual(1);
      const event = await receiver.waitFor((e) => e.id === result.webhookEventId);
      expect(event).toMatchObject({ type: "device.revoked", data: { deviceId: device.id, deviceExternalId: "ios-abc123", accountUid: account.uid, reasonCode: "LOST_OR_STOLEN" } });
      // Ids and codes only: nothing personal crosses to the identity service.
      expect(JSON.stringify(event.data)).not.toContain("holder@customer.test");
    } finally {
      await worker.close();
      await queues.close();
      redis.disconnect();
    }
  });
});
