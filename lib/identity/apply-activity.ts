import type { Tx } from "../db";
import { authorizeByLogins, type LoginAuthorization } from "./apply-authorizations";
import type { DeviceSeen, FaceCheckFailed, LoginAttempted } from "./schemas";
import { iso, utc, UUID7 } from "./sql";

// device.seen, login.attempted and face_check.failed: the account (a placeholder when the identity
// service has not described it yet), the device (created PENDING; seen/login times only move
// forward, first-seen only backward), the login history (one LoginEvent per event id) and the
// devices a successful login authorised (apply-authorizations.ts).

export type ActivityEvent = DeviceSeen | LoginAttempted | FaceCheckFailed;

export interface ActivityChange {
  occurredAt: Date;
  id: string;
  event: ActivityEvent;
}

interface DeviceTouch {
  uid: string;
  externalId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastLoginAt: Date | null;
  platform: string | null;
  model: string | null;
  appVersion: string | null;
  /** When each attribute above was reported: the newest report wins. */
  attrsAt: { platform: number; model: number; appVersion: number };
}

/**
 * An account the identity service has not described yet (its account.upserted is late): a
 * placeholder with the uid only (email "", UNVERIFIED, sourceUpdatedAt NULL), which the first
 * account.upserted fills in whatever its time. Intake never matches the empty address.
 */
async function ensureAccounts(tx: Tx, uids: string[], now: Date): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Account" (id, uid, email, "emailNormalized", "updatedAt")
    SELECT ${UUID7}, u.uid, '', '', ${utc(iso(now))}
    FROM unnest(${uids}::text[]) AS u(uid)
    ORDER BY u.uid
    ON CONFLICT (uid) DO NOTHING`;
}

/** One row per device of the batch: min/max times, and each attribute from its newest report. */
function deviceTouches(changes: readonly ActivityChange[]): DeviceTouch[] {
  const byDevice = new Map<string, DeviceTouch>();
  for (const { occurredAt, event: e } of changes) {
    const key = JSON.stringify([e.uid, e.deviceId]);
    const t = occurredAt.getTime();
    let d = byDevice.get(key);
    if (!d) {
      d = { uid: e.uid, externalId: e.deviceId, firstSeenAt: occurredAt, lastSeenAt: occurredAt, lastLoginAt: null, platform: null, model: null, appVersion: null, attrsAt: { platform: -Infinity, model: -Infinity, appVersion: -Infinity } };
      byDevice.set(key, d);
    }
    if (t < d.firstSeenAt.getTime()) d.firstSeenAt = occurredAt;
    if (t > d.lastSeenAt.getTime()) d.lastSeenAt = occurredAt;
    if (e.type === "login.attempted" && e.outcome === "SUCCESS" && (!d.lastLoginAt || t > d.lastLoginAt.getTime())) d.lastLoginAt = occurredAt;
    const report = (attr: "platform" | "model" | "appVersion", value: string | null | undefined) => {
      if (value != null && t >= d.attrsAt[attr]) {
        d[attr] = value;
        d.attrsAt[attr] = t;
      }
    };
    if (e.type === "device.seen") {
      report("platform", e.platform);
      report("model", e.model);
    }
    report("appVersion", e.appVersion);
  }
  return [...byDevice.values()];
}

/**
 * Upserts the batch's devices. A new device is PENDING (the column default) until a successful
 * login authorises it (authorizeByLogins, next). Attributes change
 * only when this batch's newest report of the device is at least as new as the stored last-seen
 * time; platform OTHER means "unknown" and never overwrites a known platform.
 */
async function upsertDevices(tx: Tx, touches: DeviceTouch[], now: Date): Promise<void> {
  const col = <T>(f: (d: DeviceTouch) => T) => touches.map(f);
  await tx.$executeRaw`
    INSERT INTO "Device" (id, "accountId", "externalId", platform, model, "appVersion", "firstSeenAt", "lastSeenAt", "lastLoginAt", "updatedAt")
    SELECT ${UUID7}, a.id, d.ext, COALESCE(d.platform, 'OTHER')::"DevicePlatform", d.model, d.app,
           d.first AT TIME ZONE 'UTC', d.last AT TIME ZONE 'UTC', d.login AT TIME ZONE 'UTC', ${utc(iso(now))}
    FROM unnest(
      ${col((d) => d.uid)}::text[], ${col((d) => d.externalId)}::text[], ${col((d) => d.platform)}::text[], ${col((d) => d.model)}::text[],
      ${col((d) => d.appVersion)}::text[], ${col((d) => iso(d.firstSeenAt))}::timestamptz[], ${col((d) => iso(d.lastSeenAt))}::timestamptz[],
      ${col((d) => (d.lastLoginAt ? iso(d.lastLoginAt) : null))}::timestamptz[]
    ) AS d(uid, ext, platform, model, app, first, last, login)
    JOIN "Account" a ON a.uid = d.uid
    ORDER BY a.id, d.ext
    ON CONFLICT ("accountId", "externalId") DO UPDATE SET
      "firstSeenAt" = LEAST("Device"."firstSeenAt", excluded."firstSeenAt"),
      "lastSeenAt" = GREATEST("Device"."lastSeenAt", excluded."lastSeenAt"),
      "lastLoginAt" = GREATEST("Device"."lastLoginAt", excluded."lastLoginAt"),
      platform = CASE WHEN excluded.platform <> 'OTHER' AND excluded."lastSeenAt" >= "Device"."lastSeenAt" THEN excluded.platform ELSE "Device".platform END,
      model = CASE WHEN excluded."lastSeenAt" >= "Device"."lastSeenAt" THEN COALESCE(excluded.model, "Device".model) ELSE "Device".model END,
      "appVersion" = CASE WHEN excluded."lastSeenAt" >= "Device"."lastSeenAt" THEN COALESCE(excluded."appVersion", "Device"."appVersion") ELSE "Device"."appVersion" END,
      "updatedAt" = excluded."updatedAt"
    WHERE excluded."lastSeenAt" >= "Device"."lastSeenAt"
       OR excluded."firstSeenAt" < "Device"."firstSeenAt"
       OR (excluded."lastLoginAt" IS NOT NULL AND ("Device"."lastLoginAt" IS NULL OR excluded."lastLoginAt" > "Device"."lastLoginAt"))`;
}

/** login.attempted and face_check.failed (a failed FACE attempt) into the login history, once per event id. */
async function insertLogins(tx: Tx, changes: ActivityChange[]): Promise<void> {
  const logins = changes.flatMap(({ id, occurredAt, event: e }) => {
    if (e.type === "device.seen") return [];
    const face = e.type === "face_check.failed";
    return [{ id, at: iso(occurredAt), e, method: face ? "FACE" : e.method, outcome: face ? "FAILURE" : e.outcome, reason: face ? e.reason : (e.failureReason ?? null) }];
  });
  if (logins.length === 0) return;
  const col = <T>(f: (l: (typeof logins)[number]) => T) => logins.map(f);
  await tx.$executeRaw`
    INSERT INTO "LoginEvent" ("externalId", "accountId", "deviceId", "occurredAt", ip, asn, network, country, "userAgent", "appVersion", "webIp", method, outcome, "failureReason")
    SELECT l.eid, a.id, d.id, l.at AT TIME ZONE 'UTC', l.ip, l.asn, l.network, l.country, l.ua, l.app, l.web_ip,
           l.method::"AuthMethod", l.outcome::"LoginOutcome", l.reason::"LoginFailureReason"
    FROM unnest(
      ${col((l) => l.id)}::text[], ${col((l) => l.e.uid)}::text[], ${col((l) => l.e.deviceId)}::text[], ${col((l) => l.at)}::timestamptz[],
      ${col((l) => l.e.ip ?? null)}::text[], ${col((l) => l.e.asn ?? null)}::int[], ${col((l) => l.e.network ?? null)}::text[],
      ${col((l) => l.e.country ?? null)}::text[], ${col((l) => l.e.userAgent ?? null)}::text[], ${col((l) => l.e.appVersion ?? null)}::text[],
      ${col((l) => l.e.webIp ?? null)}::text[], ${col((l) => l.method)}::text[], ${col((l) => l.outcome)}::text[], ${col((l) => l.reason)}::text[]
    ) AS l(eid, uid, ext, at, ip, asn, network, country, ua, app, web_ip, method, outcome, reason)
    JOIN "Account" a ON a.uid = l.uid
    LEFT JOIN "Device" d ON d."accountId" = a.id AND d."externalId" = l.ext
    ORDER BY l.eid
    ON CONFLICT ("externalId") DO NOTHING`;
}

/** Applies the activity; returns the devices it authorised, for the caller to audit. */
export async function applyActivity(tx: Tx, changes: ActivityChange[], now: Date): Promise<LoginAuthorization[]> {
  if (changes.length === 0) return [];
  await ensureAccounts(tx, [...new Set(changes.map((c) => c.event.uid))], now);
  await upsertDevices(tx, deviceTouches(changes), now);
  await insertLogins(tx, changes);
  return authorizeByLogins(tx, changes, now);
}
