// POST /api/v1/identity/events against the real services: the route handler called with signed
// Requests, rows in Postgres, replay cache and failed-auth brake in Redis.
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/identity/events/route";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { sharedRedis } from "@/lib/queue/connection";
import {
  accountUpserted,
  deviceSeen,
  faceCheckFailed,
  fingerprintOf,
  identitySignature,
  isoAt,
  loginAttempted,
  mixedBatch,
  newUid,
  signedIdentityEvents,
  toIdentityRequest,
  unixNow,
  type SignedRequest,
} from "../support/identity-events";

afterAll(async () => {
  await db.$disconnect();
  await sharedRedis().quit();
});

interface Body {
  accepted?: number;
  duplicates?: number;
  rejected?: { index: number; id: string | null; reason: string }[];
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

// Each request from its own address, so the per-IP brake on failed authentications never bites.
let ipSeq = 0;
async function send(r: SignedRequest) {
  const ip = `192.0.2.${++ipSeq % 250}`;
  const res = await POST(toIdentityRequest(r, { headers: { "x-forwarded-for": ip } }), { params: Promise.resolve({}) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}
const post = (events: unknown[]) => send(signedIdentityEvents(events));

const account = (uid: string) => db.account.findUniqueOrThrow({ where: { uid } });
const device = async (uid: string, externalId: string) => db.device.findFirstOrThrow({ where: { externalId, account: { uid } } });
const counts = async () => ({ events: await db.identityEvent.count(), logins: await db.loginEvent.count(), audit: await db.auditEntry.count() });

describe("signature", () => {
  it.each([
    ["missing", { signature: null }, "missing_signature"],
    ["malformed", { signature: "v1=abc" }, "malformed_signature"],
    ["forged (other secret)", { secret: "not-the-identity-events-secret" }, "bad_signature"],
    ["stale", { t: unixNow() - config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS - 5 }, "stale_timestamp"],
  ] as const)("refuses a %s signature with 401 and writes nothing", async (_label, opts, reason) => {
    const before = await counts();
    const res = await send(signedIdentityEvents([accountUpserted({ uid: newUid() })], opts));
    expect(res.status).toBe(401);
    expect(res.body.error?.details?.reason).toBe(reason);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await counts()).toEqual(before);
  });

  it("refuses a tampered body and a replayed request", async () => {
    const good = signedIdentityEvents([accountUpserted({ uid: newUid() })]);
    const tampered = { ...good, body: Buffer.from(good.body.toString().replace("true", "false")) };
    expect((await send(tampered)).body.error?.details?.reason).toBe("bad_signature");
    expect((await send(good)).status).toBe(200);
    const replay = await send(good);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.details?.reason).toBe("replayed");
  });

  it("accepts one matching v1 among several (secret rotation)", async () => {
    const body = JSON.stringify({ events: [accountUpserted({ uid: newUid() })] });
    const t = unixNow();
    const old = identitySignature(body, { t, secret: "the-previous-identity-secret" }).split(",")[1];
    const res = await send(signedIdentityEvents([], { body, signature: `t=${t},${old},${identitySignature(body, { t }).split(",")[1]}` }));
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
  });
});

describe("request shape", () => {
  it("415 for another media type, 400 for non-JSON or no events array, 413 for too many events or bytes", async () => {
    const before = await counts();
    expect((await send(signedIdentityEvents([], { contentType: "text/plain" }))).status).toBe(415);
    expect((await send(signedIdentityEvents([], { body: "{not json" }))).body.error?.code).toBe("INVALID_INPUT");
    expect((await send(signedIdentityEvents([], { body: '{"event": []}' }))).status).toBe(400);
    const tooMany = Array.from({ length: config.IDENTITY_EVENTS_MAX_BATCH + 1 }, () => ({}));
    const many = await send(signedIdentityEvents(tooMany));
    expect(many.status).toBe(413);
    expect(many.body.error?.details).toMatchObject({ maxEvents: config.IDENTITY_EVENTS_MAX_BATCH, events: tooMany.length });
    const huge = await send(signedIdentityEvents([], { body: JSON.stringify({ events: [], pad: "x".repeat(5 * 1024 * 1024) }) }));
    expect(huge.status).toBe(413);
    expect(await counts()).toEqual(before);
  });
});

describe("applying events", () => {
  it("mirrors an account, its device and a login, raw first, with one audit entry", async () => {
    const uid = newUid();
    const fp = fingerprintOf("12345678Z");
    const events = [
      accountUpserted({ uid, email: " Ana.Perez@Example.COM ", idFingerprint: fp.toUpperCase(), occurredAt: isoAt(-100) }),
      deviceSeen({ uid, deviceId: "dev-1", occurredAt: isoAt(-90) }),
      loginAttempted({ uid, deviceId: "dev-1", occurredAt: isoAt(-80) }),
      faceCheckFailed({ uid, deviceId: "dev-1", occurredAt: isoAt(-85), reason: "FACE_MISMATCH" }),
    ];
    const res = await post(events);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ accepted: 4, duplicates: 0, rejected: [] });

    const acc = await account(uid);
    expect(acc).toMatchObject({ email: "Ana.Perez@Example.COM", emailNormalized: "ana.perez@example.com", kycStatus: "VERIFIED", idFingerprint: fp, idConflictAccountId: null, securityItems: ["EMAIL_CODE", "SMS_CODE"] });
    expect(acc.sourceUpdatedAt?.toISOString()).toBe(events[0].occurredAt);
    const dev = await device(uid, "dev-1");
    // The successful face login authorised the new device (identity-device-status.test.ts has the rules).
    expect(dev).toMatchObject({ status: "AUTHORIZED", authMethod: "FACE", platform: "IOS", model: "iPhone15,2" });
    expect(dev.authorizedAt?.toISOString()).toBe(events[2].occurredAt);
    expect(dev.firstSeenAt.toISOString()).toBe(events[1].occurredAt);
    expect(dev.lastSeenAt.toISOString()).toBe(events[2].occurredAt);
    expect(dev.lastLoginAt?.toISOString()).toBe(events[2].occurredAt);
    const logins = await db.loginEvent.findMany({ where: { accountId: acc.id }, orderBy: { occurredAt: "asc" } });
    expect(logins.map((l) => [l.externalId, l.method, l.outcome, l.failureReason, l.deviceId])).toEqual([
      [events[3].id, "FACE", "FAILURE", "FACE_MISMATCH", dev.id],
      [events[2].id, "FACE", "SUCCESS", null, dev.id],
    ]);
    const raw = await db.identityEvent.findMany({ where: { id: { in: events.map((e) => e.id) } } });
    expect(raw).toHaveLength(4);
    expect(raw.every((r) => r.appliedAt !== null && r.error === null)).toBe(true);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "identity.events_ingested" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorType: "PROVIDER", actorId: "identity-service", data: { batchSize: 4, accepted: 4, duplicates: 0, rejected: 0 } });
  });

  it("is idempotent: a replayed batch is all duplicates and nothing is applied twice", async () => {
    const uid = newUid();
    const events = [deviceSeen({ uid, deviceId: "d" }), loginAttempted({ uid, deviceId: "d" }), loginAttempted({ uid, deviceId: "d", occurredAt: isoAt(-10) })];
    expect((await post(events)).body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const before = { ...(await counts()), device: await device(uid, "d") };
    const again = await post([...events, events[0]]);
    expect(again.body).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    const after = await counts();
    expect(after.logins).toBe(before.logins);
    expect(after.events).toBe(before.events);
    expect(after.audit).toBe(before.audit + 1);
    expect(await device(uid, "d")).toEqual(before.device);
  });

  it("tolerates out-of-order delivery: an older snapshot changes nothing, times never go backwards", async () => {
    const uid = newUid();
    const base = Date.now();
    const at = (s: number) => isoAt(s, base);
    const newer = accountUpserted({ uid, occurredAt: at(-10), realName: "Newer Name", identityVerified: true });
    const older = accountUpserted({ uid, occurredAt: at(-500), realName: "Older Name", identityVerified: false, email: "old@example.com" });
    await post([newer, deviceSeen({ uid, deviceId: "d", occurredAt: at(-20), appVersion: "8.0.0" }), loginAttempted({ uid, deviceId: "d", occurredAt: at(-30) })]);
    const res = await post([older, deviceSeen({ uid, deviceId: "d", occurredAt: at(-400), appVersion: "6.0.0" }), loginAttempted({ uid, deviceId: "d", occurredAt: at(-300) })]);
    expect(res.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const acc = await account(uid);
    expect(acc).toMatchObject({ realName: "Newer Name", kycStatus: "VERIFIED", email: newer.email });
    expect(acc.sourceUpdatedAt?.toISOString()).toBe(newer.occurredAt);
    const dev = await device(uid, "d");
    expect([dev.firstSeenAt, dev.lastSeenAt, dev.lastLoginAt].map((d) => d?.toISOString())).toEqual([at(-400), at(-20), at(-30)]);
    expect(dev.appVersion).toBe("8.0.0");
    expect(await db.identityEvent.count({ where: { id: older.id, appliedAt: { not: null } } })).toBe(1);
  });

  it("creates a placeholder account for activity that arrives before the account, filled in later", async () => {
    const uid = newUid();
    await post([loginAttempted({ uid, deviceId: "first-via-login", outcome: "FAILURE", failureReason: "LIVENESS_FAILED" })]);
    expect(await account(uid)).toMatchObject({ email: "", emailNormalized: "", kycStatus: "UNVERIFIED", sourceUpdatedAt: null });
    expect(await device(uid, "first-via-login")).toMatchObject({ status: "PENDING", platform: "OTHER", lastLoginAt: null });
    await post([accountUpserted({ uid, occurredAt: isoAt(-3600), email: "late@example.com" })]);
    expect(await account(uid)).toMatchObject({ email: "late@example.com", kycStatus: "VERIFIED" });
  });
});

describe("validation, one event at a time", () => {
  it("rejects bad events with index, id and reason and keeps the good ones", async () => {
    const uid = newUid();
    const bad = loginAttempted({ uid, deviceId: "d", method: "PIGEON" as "FACE" });
    const events = [
      deviceSeen({ uid, deviceId: "d" }),
      "not an object",
      { type: "device.seen", occurredAt: isoAt(-5), uid, deviceId: "d" },
      { ...deviceSeen({ uid, deviceId: "d" }), occurredAt: "yesterday" },
      { ...deviceSeen({ uid, deviceId: "d" }), type: "device.exploded" },
      bad,
      deviceSeen({ uid, deviceId: "d", occurredAt: isoAt(3600) }),
      loginAttempted({ uid, deviceId: "d" }),
      { ...deviceSeen({ uid, deviceId: "d" }), extra: JSON.parse("[".repeat(40) + "]".repeat(40)) },
    ];
    const res = await post(events);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected!.map((r) => [r.index, r.id])).toEqual([
      [1, null],
      [2, null],
      [3, (events[3] as { id: string }).id],
      [4, (events[4] as { id: string }).id],
      [5, bad.id],
      [6, (events[6] as { id: string }).id],
      [8, (events[8] as { id: string }).id],
    ]);
    const reasons = res.body.rejected!.map((r) => r.reason);
    expect(reasons[2]).toMatch(/occurredAt must be an ISO 8601/);
    expect(reasons[3]).toMatch(/unknown type "device.exploded"/);
    expect(reasons[4]).toMatch(/^method: /);
    expect(reasons[5]).toMatch(/in the future/);
    expect(reasons[6]).toMatch(/nests deeper than/);
    // Storable ones are kept raw with the reason, unapplied; the rest were never stored.
    const stored = await db.identityEvent.findUniqueOrThrow({ where: { id: bad.id } });
    expect(stored).toMatchObject({ appliedAt: null, error: `rejected: ${reasons[4]}` });
    expect(await db.identityEvent.count({ where: { id: (events[3] as { id: string }).id } })).toBe(0);
    expect(await db.loginEvent.count({ where: { account: { uid } } })).toBe(1);
    // The sender fixes the event and sends it again under the same id: now it is applied.
    const fixed = await post([{ ...bad, method: "OLD_DEVICE" }]);
    expect(fixed.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await db.loginEvent.findUniqueOrThrow({ where: { externalId: bad.id } })).toMatchObject({ method: "OLD_DEVICE" });
  });

  it("refuses what looks like a raw ID number and never stores it", async () => {
    const uid = newUid();
    const asFingerprint = accountUpserted({ uid, idFingerprint: "X1234567L" });
    const asField = { ...accountUpserted({ uid }), documentNumber: "Y7654321M" };
    const res = await post([asFingerprint, asField]);
    expect(res.body.accepted).toBe(0);
    expect(res.body.rejected!.map((r) => r.reason)).toEqual([expect.stringMatching(/^idFingerprint must be the keyed ID fingerprint/), expect.stringMatching(/^documentNumber looks like a raw ID/)]);
    const leaked = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "IdentityEvent" WHERE payload::text LIKE '%1234567%' OR payload::text LIKE '%7654321%' OR error LIKE '%1234567%'`;
    expect(Number(leaked[0].n)).toBe(0);
    expect(await db.account.count({ where: { uid } })).toBe(0);
  });
});

describe("one ID document, one account", () => {
  it("does not give a held fingerprint to another account: it records the conflict instead", async () => {
    const [a, b, c, d] = [newUid(), newUid(), newUid(), newUid()];
    const fp = fingerprintOf("AB123456", "PASSPORT", "ESP");
    await post([accountUpserted({ uid: a, idFingerprint: fp })]);
    await post([accountUpserted({ uid: b, idFingerprint: fp })]);
    const [accA, accB] = [await account(a), await account(b)];
    expect(accA).toMatchObject({ idFingerprint: fp, idConflictAccountId: null });
    expect(accB).toMatchObject({ idFingerprint: null, idConflictAccountId: accA.id, kycStatus: "VERIFIED" });
    // Two claimants of a free document in one batch: the earlier event wins.
    const other = fingerprintOf("CD999999");
    await post([accountUpserted({ uid: c, idFingerprint: other, occurredAt: isoAt(-5) }), accountUpserted({ uid: d, idFingerprint: other, occurredAt: isoAt(-50) })]);
    const [accC, accD] = [await account(c), await account(d)];
    expect(accD).toMatchObject({ idFingerprint: other, idConflictAccountId: null });
    expect(accC).toMatchObject({ idFingerprint: null, idConflictAccountId: accD.id });
    // A releases the document (a newer snapshot without it): B's next snapshot takes it.
    await post([accountUpserted({ uid: a, idFingerprint: null, identityVerified: false, occurredAt: isoAt(-1) })]);
    await post([accountUpserted({ uid: b, idFingerprint: fp, occurredAt: isoAt(-1) })]);
    expect(await account(b)).toMatchObject({ idFingerprint: fp, idConflictAccountId: null });
  });
});

describe("throughput and failures", () => {
  it("ingests a 1,000-event batch", async () => {
    const events = mixedBatch(1000);
    const r = signedIdentityEvents(events);
    const started = performance.now();
    const res = await send(r);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
    console.info(`identity events: 1,000 in ${ms.toFixed(0)} ms = ${Math.round(1000 / (ms / 1000))} events/s (${(r.body.length / 1024).toFixed(0)} KB)`);
    expect(await db.identityEvent.count({ where: { id: { in: events.map((e) => e.id) }, appliedAt: { not: null } } })).toBe(1000);
    const logins = events.filter((e) => e.type === "login.attempted" || e.type === "face_check.failed").length;
    expect(await db.loginEvent.count({ where: { externalId: { in: events.map((e) => e.id) } } })).toBe(logins);
  });

  it("keeps an event that fails to apply unapplied with its error, and applies the rest", async () => {
    const uid = newUid();
    await db.$executeRawUnsafe(`ALTER TABLE "LoginEvent" ADD CONSTRAINT it_refuse_network CHECK (network IS DISTINCT FROM 'REFUSED')`);
    const failing = loginAttempted({ uid, deviceId: "d", network: "REFUSED" });
    let res;
    try {
      res = await post([deviceSeen({ uid, deviceId: "d" }), failing, loginAttempted({ uid, deviceId: "d" })]);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "LoginEvent" DROP CONSTRAINT it_refuse_network`);
    }
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual([{ index: 1, id: failing.id, reason: expect.stringMatching(/^apply failed \(SQLSTATE 23514\)/) }]);
    expect(await db.identityEvent.findUniqueOrThrow({ where: { id: failing.id } })).toMatchObject({ appliedAt: null, error: "apply failed (SQLSTATE 23514)" });
    expect(await db.loginEvent.count({ where: { account: { uid } } })).toBe(1);
    expect((await post([failing])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });
});
