import { isIP } from "node:net";
import { z } from "zod";
import { AuthMethod, DevicePlatform, LoginFailureReason, LoginOutcome } from "../generated/prisma/enums";

// The events the identity service pushes (docs/IDENTITY-API.md), one zod schema per type. Unknown
// fields are ignored (the sender may add fields before we read them); bounds keep every value
// storable (btree index entries, char(2), int4) so a valid event cannot fail in SQL.

export const EVENT_TYPES = ["account.upserted", "device.seen", "login.attempted", "face_check.failed"] as const;
export type IdentityEventType = (typeof EVENT_TYPES)[number];

/** What idFingerprint must be: lower-case hex HMAC-SHA256 (lib/accounts/fingerprint.ts), 64 digits. */
const HEX64 = /^[0-9a-fA-F]{64}$/;
export const FINGERPRINT_RULE =
  "idFingerprint must be the keyed ID fingerprint (64 hex digits, HMAC-SHA256 as in docs/IDENTITY-API.md); anything else may be a raw document number, which is refused and was not stored";

const noControl = /^[^\u0000-\u001f\u007f]+$/;
const text = (max: number) => z.string().min(1).max(max).regex(noControl, { error: "must not contain control characters" });
const optionalText = (max: number) => text(max).nullish();
const ip = z.string().max(64).refine((v) => isIP(v) !== 0, { error: "must be an IPv4 or IPv6 address" });
const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v);

const ZUid = text(128);
const ZDeviceId = text(200);
const ZFingerprint = z
  .string({ error: FINGERPRINT_RULE })
  .regex(HEX64, { error: FINGERPRINT_RULE })
  .transform((v) => v.toLowerCase());

const base = { id: z.string(), occurredAt: z.iso.datetime({ offset: true }) };

/** Where a login or face check came from; all optional. */
const network = {
  ip: ip.nullish(),
  asn: z.number().int().min(0).max(2_147_483_647).nullish(),
  network: optionalText(200),
  country: z.preprocess(upper, z.string().regex(/^[A-Z]{2}$/, { error: "must be an ISO 3166-1 alpha-2 code" })).nullish(),
  userAgent: optionalText(1024),
  appVersion: optionalText(64),
  webIp: ip.nullish(),
};

export const ZAccountUpserted = z.object({
  ...base,
  type: z.literal("account.upserted"),
  uid: ZUid,
  email: z.string().trim().max(320).regex(/^[^\s@]+@[^\s@]+$/, { error: "must be an email address" }),
  phone: z.string().min(3).max(32).regex(/^\+?[0-9][0-9 ().-]*$/, { error: "must be a phone number" }).nullish(),
  identityVerified: z.boolean(),
  realName: optionalText(200),
  locale: z.string().max(35).regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, { error: "must be a language tag such as es or pt-BR" }).nullish(),
  idFingerprint: ZFingerprint.nullish(),
  securityItems: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, { error: "must be an item code such as EMAIL_CODE" }))
    .max(10)
    .transform((items) => [...new Set(items)])
    .nullish(),
});

export const ZDeviceSeen = z.object({
  ...base,
  type: z.literal("device.seen"),
  uid: ZUid,
  deviceId: ZDeviceId,
  platform: z.preprocess(upper, z.enum(DevicePlatform)),
  model: optionalText(100),
  appVersion: optionalText(64),
});

export const ZLoginAttempted = z
  .object({
    ...base,
    ...network,
    type: z.literal("login.attempted"),
    uid: ZUid,
    deviceId: ZDeviceId,
    ip,
    method: z.enum(AuthMethod),
    outcome: z.enum(LoginOutcome),
    failureReason: z.enum(LoginFailureReason).nullish(),
  })
  .refine((e) => !(e.outcome === "SUCCESS" && e.failureReason), { error: "a SUCCESS login has no failureReason", path: ["failureReason"] });

export const ZFaceCheckFailed = z.object({
  ...base,
  ...network,
  type: z.literal("face_check.failed"),
  uid: ZUid,
  deviceId: ZDeviceId,
  reason: z.enum(["LIVENESS_FAILED", "FACE_MISMATCH"]),
});

export const ZIdentityEvent = z.discriminatedUnion("type", [ZAccountUpserted, ZDeviceSeen, ZLoginAttempted, ZFaceCheckFailed]);

export type AccountUpserted = z.output<typeof ZAccountUpserted>;
export type DeviceSeen = z.output<typeof ZDeviceSeen>;
export type LoginAttempted = z.output<typeof ZLoginAttempted>;
export type FaceCheckFailed = z.output<typeof ZFaceCheckFailed>;
export type IdentityEvent = z.output<typeof ZIdentityEvent>;

/** One readable line from a zod error: "path: message; …" (messages never echo the value). */
export function issueSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
