// Webhook endpoints and the delivery log (lib/webhooks use cases), the SSRF rules, and the
// identity-service simulator's receiver and registration.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-endpoint";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { listWebhookDeliveries } from "@/lib/webhooks/list-deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks/list-endpoints";
import { setWebhookPolicy } from "@/lib/webhooks/policy";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-endpoint-secret";
import { signWebhook } from "@/lib/webhooks/signing";
import { isPrivateAddress } from "@/lib/webhooks/target";
import { updateWebhookEndpoint } from "@/lib/webhooks/update-endpoint";
import { POST as identityEvents } from "@/app/api/v1/identity/events/route";
import { config } from "@/lib/config";
import { describePush, identityRequest, readPushResult, Traffic } from "../../scripts/lib/identity-sim/push";
import { registerSimulator } from "../../scripts/lib/identity-sim/register";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { makeStaff } from "./support/staff";

let admin: Actor;
const ALL = ["device.authorized", "device.revoked", "device.expired", "case.decided"] as const;

beforeAll(async () => {
  const staff = await makeStaff("ADMIN");
  admin = { type: "STAFF", id: staff.id, role: "ADMIN" };
});

afterAll(async () => {
  setWebhookPolicy({});
  await db.$disconnect();
});

describe("SSRF", () => {
  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "224.0.0.1", "not-an-ip"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses private, loopback and link-local targets and plain http when saving an endpoint", async () => {
    setWebhookPolicy({ allowPrivateTargets: false });
    for (const url of [
      "http://93.184.215.14/hook",
      "https://127.0.0.1/hook",
      "https://10.0.0.5/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hook",
      "https://[::ffff:7f00:1]/hook",
      "https://localhost:8443/hook",
      "https://user:pw@93.184.215.14/hook",
      "ftp://93.184.215.14/",
      "not a url",
    ]) {
      await expect(createWebhookEndpoint(admin, { name: "x", url, events: ["device.revoked"] }), url).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    expect(await db.webhookEndpoint.count()).toBe(0);
    const ok = await createWebhookEndpoint(admin, { name: "public", url: "https://93.184.215.14/hook", events: ["device.revoked"] });
    await expect(updateWebhookEndpoint(admin, { endpointId: ok.endpoint.id, url: "https://192.168.0.10/hook" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await db.webhookEndpoint.deleteMany();
    setWebhookPolicy({ allowPrivateTargets: true });
  });
});

describe("endpoints", () => {
  it("create (secret once), update, rotate, delete — each audited; the secret is never listed", async () => {
    setWebhookPolicy({ allowPrivateTargets: true });
    const made = await createWebhookEndpoint(admin, { name: "  Identity  ", url: "http://127.0.0.1:9/hook", events: ["device.revoked", "device.revoked"] });
    expect(made.endpoint).toMatchObject({ name: "Identity", events: ["device.revoked"], active: true });
    expect(made.secret).toMatch(/^whsec_/);
    const listed = await listWebhookEndpoints(admin);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(made.secret);
    expect(listed[0].deliveries).toEqual({ pending: 0, delivered: 0, failed: 0 });

    const id = made.endpoint.id;
    const updated = await updateWebhookEndpoint(admin, { endpointId: id, events: ["device.revoked", "device.authorized"], active: false, name: "Identity" });
    expect(updated).toMatchObject({ active: false, events: ["device.revoked", "device.authorized"] });
    const rotated = await rotateWebhookSecret(admin, { endpointId: id });
    expect(rotated.secret).not.toBe(made.secret);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id }, omit: { secret: false } });
    expect(stored.secret).toBe(rotated.secret);

    const audits = await db.auditEntry.findMany({ where: { targetId: id }, orderBy: { seq: "asc" }, select: { action: true, data: true } });
    expect(audits).toEqual([
      { action: "webhook.endpoint_created", data: { endpointId: id, events: ["device.revoked"] } },
      { action: "webhook.endpoint_updated", data: { endpointId: id, changed: ["events", "active"] } },
      { action: "webhook.endpoint_updated", data: { endpointId: id, changed: ["secret"] } },
    ]);
    expect(JSON.stringify(await db.auditEntry.findMany({ select: { data: true } }))).not.toContain(rotated.secret);

    expect(await deleteWebhookEndpoint(admin, { endpointId: id })).toEqual({ endpointId: id, deliveriesRemoved: 0 });
    expect(await db.auditEntry.count({ where: { targetId: id, action: "webhook.endpoint_deleted" } })).toBe(1);
    await expect(deleteWebhookEndpoint(admin, { endpointId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("needs settings.manage: agents and supervisors are refused (and the refusal audited)", async () => {
    for (const role of ["AGENT", "SUPERVISOR", "AUDITOR"] as const) {
      const s = await makeStaff(role);
      const actor: Actor = { type: "STAFF", id: s.id, role };
      await expect(createWebhookEndpoint(actor, { name: "x", url: "http://127.0.0.1:9/", events: ["device.revoked"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listWebhookDeliveries(actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(listWebhookEndpoints({ type: "ANONYMOUS" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.auditEntry.count({ where: { action: "auth.denied" } })).toBeGreaterThanOrEqual(7);
  });

  it("a disabled endpoint is not sent to; the attempt is counted and retried", async () => {
    const made = await createWebhookEndpoint(admin, { name: "paused", url: "http://127.0.0.1:9/hook", events: ["case.decided"] });
    const out = await db.$transaction((tx) => emitWebhookEvent(tx, { type: "case.decided", data: { caseRef: "GH-1" } }));
    await updateWebhookEndpoint(admin, { endpointId: made.endpoint.id, active: false });
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: out.eventId } });
    expect(await deliverWebhook(d.id)).toMatchObject({ status: "retry_scheduled", attempts: 1, error: "endpoint disabled: not sent" });
    await deleteWebhookEndpoint(admin, { endpointId: made.endpoint.id });
  });
});

describe("delivery log", () => {
  it("filters by status, endpoint, type and event id, newest first, with keyset pages", async () => {
    const a = await createWebhookEndpoint(admin, { name: "A", url: "http://127.0.0.1:9/a", events: [...ALL] });
    const b = await createWebhookEndpoint(admin, { name: "B", url: "http://127.0.0.1:9/b", events: ["device.expired"] });
    for (let i = 0; i < 5; i++) await db.$transaction((tx) => emitWebhookEvent(tx, { type: i % 2 ? "device.revoked" : "device.expired", id: `evt_log_${i}`, data: { n: i } }));
    await db.webhookDelivery.updateMany({ where: { eventId: "evt_log_0", endpointId: a.endpoint.id }, data: { status: "FAILED" } });

    const all = await listWebhookDeliveries(admin, { limit: 3 });
    expect(all.items).toHaveLength(3);
    const seen = [...all.items];
    for (let cursor = all.nextCursor; cursor; ) {
      const page = await listWebhookDeliveries(admin, { limit: 3, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(new Set(seen.map((d) => d.id)).size).toBe(8); // 5 to A, 3 expiries to B
    const times = seen.map((d) => d.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));

    expect((await listWebhookDeliveries(admin, { endpointId: b.endpoint.id })).items).toHaveLength(3);
    expect((await listWebhookDeliveries(admin, { eventType: "device.revoked" })).items.map((d) => d.eventId).sort()).toEqual(["evt_log_1", "evt_log_3"]);
    const failed = await listWebhookDeliveries(admin, { status: "FAILED" });
    expect(failed.items).toMatchObject([{ eventId: "evt_log_0", endpoint: { id: a.endpoint.id, name: "A" }, status: "FAILED" }]);
    expect((await listWebhookDeliveries(admin, { eventId: "evt_log_2" })).items).toHaveLength(2);
    await expect(listWebhookDeliveries(admin, { cursor: "garbage" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await db.webhookEndpoint.deleteMany();
  });
});

describe("identity-service simulator", () => {
  let receiver: WebhookReceiver;
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ port: 0, secret });
  });
  afterAll(() => receiver.close());

  const post = (headers: Record<string, string>, body: string) => fetch(receiver.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const body = JSON.stringify({ type: "device.revoked", timestamp: new Date().toISOString(), data: { deviceId: "d-1" } });

  it("rejects forged signatures, stale timestamps and missing headers; acknowledges a duplicate once", async () => {
    const forged = signWebhook("whsec_" + Buffer.alloc(32, 7).toString("base64"), "evt_sim_1", body);
    expect((await post({ ...forged }, body)).status).toBe(401);
    const stale = signWebhook(secret, "evt_sim_1", body, new Date(Date.now() - 10 * 60_000));
    expect((await post({ ...stale }, body)).status).toBe(401);
    const good = signWebhook(secret, "evt_sim_1", body);
    expect((await post({ ...good }, body.replace("d-1", "d-2"))).status).toBe(401); // body tampered
    expect((await post({ "webhook-id": "evt_sim_1" }, body)).status).toBe(401);
    expect(receiver.rejections().map((r) => r.reason)).toEqual(["bad_signature", "stale_timestamp", "bad_signature", "missing_headers"]);
    expect(receiver.events()).toHaveLength(0);

    expect((await post({ ...good }, body)).status).toBe(200);
    const dup = await post({ ...signWebhook(secret, "evt_sim_1", body) }, body);
    expect(await dup.json()).toEqual({ duplicate: true });
    const listed = (await (await fetch(`http://127.0.0.1:${receiver.port}/events?type=device.revoked`)).json()) as { events: { id: string; deliveries: number }[] };
    expect(listed.events).toMatchObject([{ id: "evt_sim_1", deliveries: 2 }]);
  });

  it("registers itself idempotently and keeps the secret in a file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "identity-sim-"));
    const secretFile = path.join(dir, "secret");
    try {
      const first = await registerSimulator({ url: receiver.url, secretFile });
      expect(first.outcome).toBe("created");
      expect(fs.readFileSync(secretFile, "utf8").trim()).toBe(first.secret);
      expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
      const again = await registerSimulator({ url: receiver.url, secretFile });
      expect(again).toMatchObject({ outcome: "unchanged", secret: first.secret, endpoint: { id: first.endpoint.id } });
      await updateWebhookEndpoint(admin, { endpointId: first.endpoint.id, active: false });
      fs.rmSync(secretFile);
      const healed = await registerSimulator({ url: receiver.url, secretFile });
      expect(healed).toMatchObject({ outcome: "rotated", endpoint: { id: first.endpoint.id, active: true } });
      expect(healed.secret).not.toBe(first.secret);
      expect(await db.webhookEndpoint.count({ where: { url: receiver.url } })).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("pushes realistic identity events that Gatehouse accepts (signature and schemas agree)", async () => {
    const traffic = new Traffic(42);
    const first = traffic.batch({ accounts: 4, logins: 0 });
    const later = traffic.batch({ accounts: 1, logins: 12 });
    for (const events of [first, later]) {
      const req = identityRequest(events, { appUrl: "http://localhost:3000", secret: config.IDENTITY_EVENTS_SECRET });
      const result = await readPushResult(await identityEvents(req, { params: Promise.resolve({}) }));
      expect(describePush(events.length, result)).toBe(`pushed ${events.length} events: HTTP 200 accepted=${events.length} duplicates=0 rejected=0`);
    }
    expect(new Set(later.map((e) => e.type))).toContain("login.attempted");
    expect(await db.account.count({ where: { uid: { in: traffic.accounts.map((a) => a.uid) } } })).toBe(5);
    const forged = identityRequest(first, { appUrl: "http://localhost:3000", secret: "not-the-identity-events-secret" });
    expect((await identityEvents(forged, { params: Promise.resolve({}) })).status).toBe(401);
  });
});
