// A successful FACE / OLD_DEVICE / SECURITY_ITEMS login reported by the identity service authorises
// a PENDING or EXPIRED device — only when newer than the device's last revoke or expiry — with an
// audit entry per device and no device.authorized webhook back to the service that made the call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit";
import { db } from "@/lib/db";
import { expireIdleDevices } from "@/lib/devices/expire-idle-devices";
import { revokeDevice } from "@/lib/devices/revoke-device";
import { ingestIdentityEvents } from "@/lib/identity";
import { deviceSeen, faceCheckFailed, isoAt, loginAttempted, newUid } from "../support/identity-events";
import { auditsFor, daysAgo, deliveriesFor, makeAccount, makeDevice, makeWebhookEndpoint, staffActor } from "../support/devices-world";

afterAll(() => db.$disconnect());
beforeAll(async () => {
  await makeWebhookEndpoint();
});

const DAY_S = 86_400;

async function ingest(events: unknown[]) {
  const r = await ingestIdentityEvents(events);
  expect(r).toMatchObject({ accepted: events.length, rejected: [] });
  return r;
}
const deviceOf = (uid: string, externalId: string) => db.device.findFirstOrThrow({ where: { externalId, account: { uid } } });
const success = (uid: string, deviceId: string, secondsAgo: number, method: "FACE" | "OLD_DEVICE" | "SECURITY_ITEMS" = "FACE") =>
  loginAttempted({ uid, deviceId, occurredAt: isoAt(-secondsAgo), method, outcome: "SUCCESS" });

/** A device with the given status and decision times, as staff or the expiry job left it. */
async function deviceIn(status: "EXPIRED" | "REVOKED", times: { expiredAt?: Date; revokedAt?: Date }) {
  const account = await makeAccount();
  const d = await makeDevice(account.id, { status, lastLoginAt: daysAgo(40), authorizedAt: daysAgo(60) });
  await db.device.update({ where: { id: d.id }, data: { authMethod: "MANUAL", expiredAt: times.expiredAt ?? null, revokedAt: times.revokedAt ?? null } });
  return { uid: account.uid, accountId: account.id, id: d.id, externalId: d.externalId };
}

describe("devices authorised by the identity service", () => {
  it("a successful face login makes a PENDING device AUTHORIZED (FACE, as of the login), audited, with no webhook back", async () => {
    const uid = newUid();
    const at = isoAt(-600);
    await ingest([deviceSeen({ uid, deviceId: "phone", occurredAt: isoAt(-700) }), loginAttempted({ uid, deviceId: "phone", occurredAt: at, method: "FACE", outcome: "SUCCESS" })]);
    const d = await deviceOf(uid, "phone");
    expect(d).toMatchObject({ status: "AUTHORIZED", authMethod: "FACE", authorizedAt: new Date(at), decidedById: null, decisionReason: null });

    const audits = await auditsFor(d.id, "device.authorized");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "PROVIDER", actorId: "identity-service", targetType: "Device", accountId: d.accountId });
    expect(audits[0].data).toMatchObject({ deviceId: d.id, accountId: d.accountId, statusBefore: "PENDING", method: "FACE", loginAt: at, caseId: null, approvalId: null });
    expect(await deliveriesFor(d.id)).toEqual([]);

    // A later success (or a replay) changes nothing: the device already is authorised.
    await ingest([success(uid, "phone", 60, "OLD_DEVICE")]);
    expect(await deviceOf(uid, "phone")).toMatchObject({ status: "AUTHORIZED", authMethod: "FACE", authorizedAt: new Date(at) });
    expect(await auditsFor(d.id, "device.authorized")).toHaveLength(1);
  });

  it("failures, face-check failures, reviews and MANUAL logins leave a device PENDING", async () => {
    const uid = newUid();
    await ingest([
      loginAttempted({ uid, deviceId: "tab", occurredAt: isoAt(-50), method: "FACE", outcome: "FAILURE", failureReason: "FACE_MISMATCH" }),
      faceCheckFailed({ uid, deviceId: "tab", occurredAt: isoAt(-40) }),
      loginAttempted({ uid, deviceId: "tab", occurredAt: isoAt(-30), method: "SECURITY_ITEMS", outcome: "PENDING_REVIEW" }),
      loginAttempted({ uid, deviceId: "tab", occurredAt: isoAt(-20), method: "MANUAL", outcome: "SUCCESS" }),
    ]);
    const d = await deviceOf(uid, "tab");
    expect(d).toMatchObject({ status: "PENDING", authMethod: null, authorizedAt: null });
    expect(await auditsFor(d.id, "device.authorized")).toEqual([]);
  });

  it("authorises many devices of one batch, each audited, and the audit chain still verifies", async () => {
    const uids = [newUid(), newUid(), newUid()];
    const methods = ["FACE", "OLD_DEVICE", "SECURITY_ITEMS"] as const;
    // Two successes for the first device: the earlier one authorised it.
    await ingest([...uids.map((uid, i) => success(uid, "d1", 100 - i, methods[i])), success(uids[0], "d1", 10, "OLD_DEVICE")]);
    for (const [i, uid] of uids.entries()) {
      const d = await deviceOf(uid, "d1");
      expect(d).toMatchObject({ status: "AUTHORIZED", authMethod: methods[i] });
      expect(await auditsFor(d.id, "device.authorized")).toHaveLength(1);
    }
    expect((await deviceOf(uids[0], "d1")).authorizedAt?.getTime()).toBeLessThan(Date.now() - 90_000);
    const chain = await verifyChain({ checkAnchors: false });
    expect(chain.firstBreak).toBeNull();
    expect(chain.ok).toBe(true);
  });

  it("an EXPIRED device is authorised again by a success newer than its expiry, never by an older one", async () => {
    const d = await deviceIn("EXPIRED", { expiredAt: daysAgo(10) });
    await ingest([success(d.uid, d.externalId, 12 * DAY_S)]);
    expect(await db.device.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "EXPIRED", authMethod: "MANUAL" });

    // In one batch: the old success does not count; the first one after the expiry does.
    const newer = isoAt(-DAY_S);
    await ingest([success(d.uid, d.externalId, 11 * DAY_S), loginAttempted({ uid: d.uid, deviceId: d.externalId, occurredAt: newer, method: "OLD_DEVICE", outcome: "SUCCESS" }), success(d.uid, d.externalId, 60)]);
    const row = await db.device.findUniqueOrThrow({ where: { id: d.id } });
    expect(row).toMatchObject({ status: "AUTHORIZED", authMethod: "OLD_DEVICE", authorizedAt: new Date(newer), expiredAt: null, decidedById: null });
    expect((await auditsFor(d.id, "device.authorized"))[0].data).toMatchObject({ statusBefore: "EXPIRED", method: "OLD_DEVICE" });
  });

  it("an expired device that was revoked before counts from the later of revoke and expiry", async () => {
    const d = await deviceIn("EXPIRED", { expiredAt: daysAgo(10), revokedAt: daysAgo(5) });
    await ingest([success(d.uid, d.externalId, 7 * DAY_S)]);
    expect((await db.device.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("EXPIRED");
    await ingest([success(d.uid, d.externalId, 4 * DAY_S)]);
    expect((await db.device.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("AUTHORIZED");
  });

  it("a REVOKED device stays revoked, whatever the time of the success", async () => {
    const supervisor = await staffActor("SUPERVISOR");
    const uid = newUid();
    await ingest([deviceSeen({ uid, deviceId: "old-phone", occurredAt: isoAt(-3 * DAY_S) })]);
    const { id } = await deviceOf(uid, "old-phone");
    await revokeDevice(supervisor, { deviceId: id, reasonCode: "LOST_OR_STOLEN" });
    await ingest([success(uid, "old-phone", 2 * DAY_S), success(uid, "old-phone", 1)]);
    expect(await db.device.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "REVOKED", authMethod: null, decidedById: supervisor.id });
    expect(await auditsFor(id, "device.authorized")).toEqual([]);
  });

  it("the expiry job expires an identity-authorised device; a late older success does not revive it, a new one does", async () => {
    const uid = newUid();
    await ingest([success(uid, "laptop", 31 * DAY_S, "SECURITY_ITEMS")]);
    const { id } = await deviceOf(uid, "laptop");
    expect((await db.device.findUniqueOrThrow({ where: { id } })).status).toBe("AUTHORIZED");

    const expiredAt = new Date(Date.now() - 120_000);
    await expireIdleDevices(expiredAt);
    expect(await db.device.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "EXPIRED", expiredAt });
    expect(await auditsFor(id, "device.expired")).toHaveLength(1);

    // Delivered late: a success from before the expiry.
    await ingest([success(uid, "laptop", 10 * DAY_S, "FACE")]);
    expect((await db.device.findUniqueOrThrow({ where: { id } })).status).toBe("EXPIRED");

    await ingest([success(uid, "laptop", 30, "FACE")]);
    expect(await db.device.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "AUTHORIZED", authMethod: "FACE", expiredAt: null });
    expect(await auditsFor(id, "device.authorized")).toHaveLength(2);
    expect(await deliveriesFor(id, "device.authorized")).toEqual([]);
  });
});
