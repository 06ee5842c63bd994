// Builds identity-service event batches and the signed requests that carry them to
// POST /api/v1/identity/events, as the identity service sends them. Used by the integration tests,
// the identity-service simulator and the bench: the events are realistic, ids unique per call.
import { createHmac, randomUUID } from "node:crypto";
import type { z } from "zod";
import { idFingerprint } from "@/lib/accounts/fingerprint";
import { config } from "@/lib/config";
import type { ZAccountUpserted, ZDeviceSeen, ZFaceCheckFailed, ZLoginAttempted } from "@/lib/identity/schemas";

export const IDENTITY_EVENTS_PATH = "/api/v1/identity/events";

export type AccountUpsertedInput = z.input<typeof ZAccountUpserted>;
export type DeviceSeenInput = z.input<typeof ZDeviceSeen>;
export type LoginAttemptedInput = z.input<typeof ZLoginAttempted>;
export type FaceCheckFailedInput = z.input<typeof ZFaceCheckFailed>;
export type IdentityEventInput = AccountUpsertedInput | DeviceSeenInput | LoginAttemptedInput | FaceCheckFailedInput;

export interface SignedRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export const unixNow = () => Math.floor(Date.now() / 1000);
export const newEventId = (label = "evt") => `${label}-${randomUUID()}`;
export const newUid = () => `U${randomUUID().replaceAll("-", "").slice(0, 12).toUpperCase()}`;
/** An ISO instant `secondsFromNow` away (negative: in the past). */
export const isoAt = (secondsFromNow = 0, base = Date.now()) => new Date(base + secondsFromNow * 1000).toISOString();

/** The X-Gatehouse-Signature value for `body`: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
export function identitySignature(body: Uint8Array | string, opts: { t?: number; secret?: string } = {}): string {
  const t = opts.t ?? unixNow();
  const mac = createHmac("sha256", opts.secret ?? config.IDENTITY_EVENTS_SECRET).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${mac}`;
}

/**
 * A signed request carrying `{ events }` (or exactly `body` when given). `signature: null` leaves
 * the header out; a string replaces it.
 */
export function signedIdentityEvents(
  events: readonly unknown[],
  opts: { body?: Buffer | string; t?: number; secret?: string; signature?: string | null; contentType?: string } = {},
): SignedRequest {
  const body = opts.body === undefined ? Buffer.from(JSON.stringify({ events }), "utf8") : Buffer.from(opts.body);
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  const signature = opts.signature === undefined ? identitySignature(body, { t: opts.t, secret: opts.secret }) : opts.signature;
  if (signature !== null) headers["x-gatehouse-signature"] = signature;
  return { path: IDENTITY_EVENTS_PATH, headers, body };
}

export function toIdentityRequest(r: SignedRequest, opts: { baseUrl?: string; headers?: Record<string, string> } = {}): Request {
  return new Request(`${opts.baseUrl ?? "http://127.0.0.1:3000"}${r.path}`, { method: "POST", headers: { ...r.headers, ...opts.headers }, body: new Uint8Array(r.body) });
}

/** The keyed fingerprint the identity service computes for a document (lib/accounts/fingerprint.ts). */
export const fingerprintOf = (number: string, docType = "ID_CARD", country = "ES") => idFingerprint({ docType, country, number });

// ---- events ------------------------------------------------------------------------------------

export function accountUpserted(p: Partial<AccountUpsertedInput> & { uid: string }): AccountUpsertedInput {
  return {
    id: newEventId("acc"),
    type: "account.upserted",
    occurredAt: isoAt(-60),
    email: `${p.uid.toLowerCase()}@customers.example.com`,
    phone: "+34 600 000 000",
    identityVerified: true,
    realName: "Ana Pérez García",
    locale: "es",
    securityItems: ["EMAIL_CODE", "SMS_CODE"],
    ...p,
  };
}

export function deviceSeen(p: Partial<DeviceSeenInput> & { uid: string; deviceId: string }): DeviceSeenInput {
  return { id: newEventId("dev"), type: "device.seen", occurredAt: isoAt(-30), platform: "IOS", model: "iPhone15,2", appVersion: "7.4.1", ...p };
}

export function loginAttempted(p: Partial<LoginAttemptedInput> & { uid: string; deviceId: string }): LoginAttemptedInput {
  return {
    id: newEventId("login"),
    type: "login.attempted",
    occurredAt: isoAt(-20),
    ip: "203.0.113.10",
    asn: 3352,
    network: "Telefonica de Espana",
    country: "ES",
    userAgent: "Exchange/7.4.1 (iPhone; iOS 17.5)",
    appVersion: "7.4.1",
    webIp: "203.0.113.10",
    method: "FACE",
    outcome: "SUCCESS",
    ...p,
  };
}

export function faceCheckFailed(p: Partial<FaceCheckFailedInput> & { uid: string; deviceId: string }): FaceCheckFailedInput {
  return { id: newEventId("face"), type: "face_check.failed", occurredAt: isoAt(-25), reason: "LIVENESS_FAILED", ip: "203.0.113.10", appVersion: "7.4.1", ...p };
}

/**
 * `n` events as a busy identity service sends them: for each account an account.upserted, then
 * its devices seen, then logins (mostly successes, some face failures). `accounts` defaults to n/10.
 */
export function mixedBatch(n: number, opts: { accounts?: number; baseMs?: number; prefix?: string } = {}): IdentityEventInput[] {
  const accounts = Math.max(1, Math.min(n, opts.accounts ?? Math.ceil(n / 10)));
  const base = opts.baseMs ?? Date.now() - 3_600_000;
  const prefix = opts.prefix ?? randomUUID().slice(0, 8);
  const uid = (i: number) => `${prefix}-U${i % accounts}`;
  const device = (i: number) => `${prefix}-D${i % accounts}-${i % 2}`;
  const at = (i: number) => new Date(base + i * 1000).toISOString();
  const events: IdentityEventInput[] = [];
  for (let i = 0; i < n; i++) {
    const u = uid(i);
    if (i < accounts) {
      events.push(accountUpserted({ uid: u, occurredAt: at(i), identityVerified: i % 3 !== 0, idFingerprint: i % 3 !== 0 ? fingerprintOf(`${prefix}X${i}`) : null }));
    } else if (i < 3 * accounts) {
      events.push(deviceSeen({ uid: u, deviceId: device(i), occurredAt: at(i), platform: i % 2 ? "ANDROID" : "IOS" }));
    } else if (i % 7 === 0) {
      events.push(faceCheckFailed({ uid: u, deviceId: device(i), occurredAt: at(i), reason: i % 2 ? "FACE_MISMATCH" : "LIVENESS_FAILED" }));
    } else {
      const ok = i % 5 !== 0;
      events.push(
        loginAttempted({
          uid: u,
          deviceId: device(i),
          occurredAt: at(i),
          ip: `198.51.100.${i % 250}`,
          outcome: ok ? "SUCCESS" : "FAILURE",
          failureReason: ok ? null : "CODE_WRONG",
          method: ok ? "FACE" : "SECURITY_ITEMS",
        }),
      );
    }
  }
  return events;
}
