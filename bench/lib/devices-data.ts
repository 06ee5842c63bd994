// Data for the devices bench: one heavy account (its page is what we time), a background of other
// accounts' logins so the tables are not trivially small, and identity-service event batches.
import { createHash, randomUUID } from "node:crypto";
import type { Db, Prisma } from "../../lib/db";

const DAY = 86_400_000;
const MIN = 60_000;

/** A small deterministic PRNG (mulberry32) so every run measures the same data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}

const NETS = [
  { asn: 64500, network: "Home Broadband GB", country: "GB", prefix: "203.0.113." },
  { asn: 64501, network: "Contoso Mobile GB", country: "GB", prefix: "198.51.100." },
  { asn: 64502, network: "Office Fibre GB", country: "GB", prefix: "192.0.2." },
];
const VPN = { asn: 65541, network: "Nimbus VPN Services", country: "US", prefix: "100.64.7." };

export interface HeavyAccount {
  uid: string;
  accountId: string;
  deviceIds: string[];
  logins: number;
}

/**
 * One account with `logins` login events over a year on four devices (authorised phone and web
 * browser, an expired tablet, a new pending phone), everyday failures, web/app IP mismatches, a
 * new VPN network in the last days with a burst of failures, and a few cases.
 */
export async function seedHeavyAccount(db: Db, logins: number, now: Date): Promise<HeavyAccount> {
  const r = rng(5);
  const uid = "BENCH-HEAVY-1";
  const account = await db.account.create({
    data: { uid, email: "heavy.user@example.org", emailNormalized: "heavy.user@example.org", phone: "+447700900555", kycStatus: "VERIFIED", realName: "Heavy User", idFingerprint: "f".repeat(64) },
  });
  const staff = await db.staffUser.create({ data: { email: "bench-supervisor@bench.test", name: "Bench Supervisor", role: "SUPERVISOR" } });
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const dev = (externalId: string, data: object) =>
    db.device.create({ data: { accountId: account.id, externalId, firstSeenAt: at(365), lastSeenAt: at(1), ...data }, select: { id: true } });
  const devices = await Promise.all([
    dev("heavy-phone", { platform: "IOS", model: "iPhone 15", appVersion: "7.4.0", status: "AUTHORIZED", authMethod: "FACE", authorizedAt: at(365), lastLoginAt: at(0.1) }),
    dev("heavy-web", { platform: "WEB", model: "Firefox 140", status: "AUTHORIZED", authMethod: "MANUAL", authorizedAt: at(200), lastLoginAt: at(1), decidedById: staff.id, decisionReason: "IDENTITY_CONFIRMED" }),
    dev("heavy-tablet", { platform: "ANDROID", model: "Galaxy Tab S9", appVersion: "7.1.0", status: "EXPIRED", authMethod: "OLD_DEVICE", authorizedAt: at(300), lastLoginAt: at(120), expiredAt: at(90) }),
    dev("heavy-new", { platform: "IOS", model: "iPad Air", appVersion: "7.4.0", status: "PENDING", firstSeenAt: at(2), lastSeenAt: at(0.2) }),
  ]);
  const ids = devices.map((d) => d.id);

  const rows: Prisma.LoginEventCreateManyInput[] = [];
  const span = 365 * DAY;
  for (let i = 0; i < logins; i++) {
    const t = now.getTime() - span + (i / logins) * span + r.int(0, 30) * MIN;
    const recent = t > now.getTime() - 3 * DAY;
    const device = recent && r.chance(0.5) ? 3 : t < now.getTime() - 120 * DAY && r.chance(0.2) ? 2 : r.chance(0.25) ? 1 : 0;
    const net = recent && device === 3 ? VPN : r.pick(NETS);
    const ip = `${net.prefix}${10 + device}`;
    const web = device === 1;
    const failure = (recent && device === 3) || r.chance(0.08);
    rows.push({
      externalId: `heavy-${i}`,
      accountId: account.id,
      deviceId: ids[device],
      occurredAt: new Date(Math.min(t, now.getTime() - MIN)),
      ip,
      webIp: web ? (r.chance(0.02) ? `${r.pick(NETS).prefix}77` : ip) : null,
      asn: net.asn,
      network: net.network,
      country: net.country,
      userAgent: web ? "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0" : "ExampleExchange/7.4.0 (iPhone; iOS 18.1)",
      appVersion: web ? null : "7.4.0",
      method: web ? "SECURITY_ITEMS" : device === 3 ? "FACE" : r.pick(["FACE", "OLD_DEVICE"] as const),
      outcome: failure ? "FAILURE" : "SUCCESS",
      failureReason: failure ? r.pick(["LIVENESS_FAILED", "FACE_MISMATCH", "CODE_WRONG"] as const) : null,
    });
  }
  for (let i = 0; i < rows.length; i += 2_000) await db.loginEvent.createMany({ data: rows.slice(i, i + 2_000) });
  for (let k = 0; k < 5; k++) {
    await db.reviewCase.create({ data: { accountId: account.id, deviceId: ids[3], status: k === 4 ? "IN_REVIEW" : "REJECTED", decidedAt: k === 4 ? null : at(k * 30), slaDueAt: at(k * 30), createdAt: at(k * 30 + 1), riskFlags: k === 4 ? ["NEW_COUNTRY", "MANY_FAILURES"] : [] } });
  }
  return { uid, accountId: account.id, deviceIds: ids, logins };
}

/** `accounts` other accounts with `perAccount` logins each over 90 days, in SQL (fast). */
export async function seedBackground(db: Db, accounts: number, perAccount: number): Promise<void> {
  await db.$executeRawUnsafe(`
    INSERT INTO "Account" (id, uid, email, "emailNormalized", phone, "kycStatus", "updatedAt")
    SELECT gen_random_uuid(), 'BG' || g, 'bg' || g || '@example.net', 'bg' || g || '@example.net', '+1555' || lpad(g::text, 7, '0'), 'VERIFIED', now()
    FROM generate_series(1, ${accounts}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Device" (id, "accountId", "externalId", platform, status, "firstSeenAt", "lastSeenAt", "lastLoginAt", "updatedAt")
    SELECT gen_random_uuid(), a.id, 'bgdev-' || a.uid, 'ANDROID', 'AUTHORIZED', now() - interval '90 days', now(), now(), now()
    FROM "Account" a WHERE a.uid LIKE 'BG%'`);
  await db.$executeRawUnsafe(`
    INSERT INTO "LoginEvent" ("externalId", "accountId", "deviceId", "occurredAt", ip, asn, network, country, method, outcome)
    SELECT 'bg-' || d."externalId" || '-' || s, d."accountId", d.id, now() - (s * 90.0 / ${perAccount}) * interval '1 day',
           '10.' || (s % 200) || '.' || (length(d."externalId") % 200) || '.' || (s % 250), 64600 + s % 20, 'Background Net', 'GB', 'FACE',
           (CASE WHEN s % 13 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END)::"LoginOutcome"
    FROM "Device" d CROSS JOIN generate_series(1, ${perAccount}) s WHERE d."externalId" LIKE 'bgdev-%'`);
  await db.$executeRawUnsafe(`ANALYZE`);
}

function accountUpserted(a: number, id: string, occurredAt: string) {
  const uid = `EV${a}`;
  const fp = createHash("sha256").update(uid).digest("hex");
  return { id, occurredAt, type: "account.upserted", uid, email: `ev${a}@example.com`, phone: `+4477009${String(a).padStart(5, "0")}`, identityVerified: a % 5 !== 0, realName: `Customer ${a}`, locale: "en-GB", idFingerprint: fp, securityItems: a % 5 === 0 ? ["EMAIL_CODE", "SMS_CODE"] : [] };
}

/** One account.upserted per customer EV1…EVn: the customers the event batches talk about. */
export function accountEvents(accounts: number, at: Date): unknown[] {
  return Array.from({ length: accounts }, (_, i) => accountUpserted(i + 1, `evt_${randomUUID()}`, at.toISOString()));
}

/**
 * Identity-service event batches as the service would send them: 85% login.attempted, 8%
 * device.seen, 5% face_check.failed, 2% account.upserted, over `accounts` customers, in time order.
 */
export function eventBatches(batches: number, size: number, accounts: number, now: Date, seed = 11): unknown[][] {
  const r = rng(seed);
  const start = now.getTime() - batches * size * 1_000;
  let n = 0;
  const out: unknown[][] = [];
  for (let b = 0; b < batches; b++) {
    const batch: unknown[] = [];
    for (let i = 0; i < size; i++, n++) {
      const a = r.int(1, accounts);
      const uid = `EV${a}`;
      const deviceId = `evdev-${a}-${r.int(1, 3)}`;
      const base = { id: `evt_${randomUUID()}`, occurredAt: new Date(start + n * 1_000).toISOString(), uid };
      const net = r.pick(NETS);
      const where = { ip: `${net.prefix}${a % 250}`, asn: net.asn, network: net.network, country: net.country, userAgent: "ExampleExchange/7.4.0 (Android 15)", appVersion: "7.4.0" };
      const p = r.next();
      if (p < 0.02) {
        batch.push(accountUpserted(a, base.id, base.occurredAt));
      } else if (p < 0.1) {
        batch.push({ ...base, type: "device.seen", deviceId, platform: "ANDROID", model: "Pixel 9", appVersion: "7.4.0" });
      } else if (p < 0.15) {
        batch.push({ ...base, ...where, type: "face_check.failed", deviceId, reason: r.pick(["LIVENESS_FAILED", "FACE_MISMATCH"] as const) });
      } else {
        const ok = r.chance(0.9);
        batch.push({ ...base, ...where, type: "login.attempted", deviceId, webIp: null, method: r.pick(["FACE", "OLD_DEVICE", "SECURITY_ITEMS"] as const), outcome: ok ? "SUCCESS" : "FAILURE", failureReason: ok ? null : "LIVENESS_FAILED" });
      }
    }
    out.push(batch);
  }
  return out;
}
