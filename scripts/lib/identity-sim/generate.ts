import { randomUUID } from "node:crypto";
import { faker } from "@faker-js/faker";
import type { z } from "zod";
import { idFingerprint } from "../../../lib/accounts/fingerprint";
import type { ZIdentityEvent } from "../../../lib/identity/schemas";

// Realistic identity-service traffic: customers (some identity-verified, some not), their devices,
// and logins that succeed on known devices and fail on new ones the way real ones do (liveness,
// face mismatch, web/app IP mismatch, wrong codes). Typed against lib/identity's schemas, so a
// change there breaks this at compile time rather than at the endpoint.

export type IdentityEventIn = z.input<typeof ZIdentityEvent>;
type Platform = "IOS" | "ANDROID" | "WEB";

export interface SimDevice {
  deviceId: string;
  platform: Platform;
  model: string;
  appVersion: string;
}

export interface SimAccount {
  uid: string;
  verified: boolean;
  country: string;
  ip: string;
  asn: number;
  network: string;
  devices: SimDevice[];
}

const MODELS: Record<Platform, string[]> = {
  IOS: ["iPhone 13", "iPhone 14 Pro", "iPhone 15", "iPhone SE"],
  ANDROID: ["Pixel 8", "Galaxy S23", "Redmi Note 12", "Galaxy A54"],
  WEB: ["Chrome 131 on Windows", "Safari 18 on macOS", "Firefox 133 on Linux"],
};
const NETWORKS = [
  { asn: 3352, network: "Telefonica de Espana" },
  { asn: 7922, network: "Comcast Cable" },
  { asn: 8452, network: "TE Data" },
  { asn: 9121, network: "Turk Telekom" },
  { asn: 45899, network: "VNPT Corp" },
];

const eventId = () => `sim-${randomUUID()}`;
const pick = <T>(list: readonly T[]): T => list[faker.number.int({ min: 0, max: list.length - 1 })];

export function newDevice(): SimDevice {
  const platform = pick<Platform>(["IOS", "ANDROID", "ANDROID", "WEB"]);
  return {
    deviceId: `${platform.toLowerCase()}-${faker.string.alphanumeric({ length: 16, casing: "lower" })}`,
    platform,
    model: pick(MODELS[platform]),
    appVersion: platform === "WEB" ? "web-2025.11" : pick(["5.12.0", "5.13.1", "5.14.0", "4.9.8"]),
  };
}

/** A new customer with one known device: account.upserted, device.seen and a first successful login. */
export function newAccount(at: Date): { account: SimAccount; events: IdentityEventIn[] } {
  const verified = faker.datatype.boolean({ probability: 0.7 });
  const net = pick(NETWORKS);
  const account: SimAccount = {
    uid: `sim-${faker.string.numeric({ length: 9, allowLeadingZeros: false })}`,
    verified,
    country: pick(["ES", "US", "EG", "TR", "VN", "BR"]),
    ip: faker.internet.ipv4(),
    asn: net.asn,
    network: net.network,
    devices: [newDevice()],
  };
  const realName = faker.person.fullName();
  const events: IdentityEventIn[] = [
    {
      id: eventId(),
      type: "account.upserted",
      occurredAt: at.toISOString(),
      uid: account.uid,
      email: faker.internet.email({ provider: "customer.example" }).toLowerCase(),
      phone: faker.phone.number({ style: "international" }),
      identityVerified: verified,
      realName: verified ? realName : null,
      locale: pick(["en", "es", "pt-BR", "tr"]),
      idFingerprint: verified ? idFingerprint({ docType: "ID_CARD", country: account.country, number: faker.string.alphanumeric({ length: 9, casing: "upper" }) }) : null,
      securityItems: verified ? ["EMAIL_CODE"] : ["EMAIL_CODE", "PHONE_CODE", "AUTHENTICATOR_CODE"],
    },
    ...deviceSeen(account, account.devices[0], at),
    login(account, account.devices[0], at, { method: "OLD_DEVICE", outcome: "SUCCESS" }),
  ];
  return { account, events };
}

export function deviceSeen(account: SimAccount, device: SimDevice, at: Date): IdentityEventIn[] {
  return [{ id: eventId(), type: "device.seen", occurredAt: at.toISOString(), uid: account.uid, deviceId: device.deviceId, platform: device.platform, model: device.model, appVersion: device.appVersion }];
}

function login(
  account: SimAccount,
  device: SimDevice,
  at: Date,
  how: { method: "FACE" | "OLD_DEVICE" | "SECURITY_ITEMS"; outcome: "SUCCESS" | "FAILURE"; failureReason?: "LIVENESS_FAILED" | "FACE_MISMATCH" | "IP_MISMATCH" | "CODE_WRONG"; webIp?: string },
): IdentityEventIn {
  return {
    id: eventId(),
    type: "login.attempted",
    occurredAt: at.toISOString(),
    uid: account.uid,
    deviceId: device.deviceId,
    ip: account.ip,
    asn: account.asn,
    network: account.network,
    country: account.country,
    userAgent: device.platform === "WEB" ? faker.internet.userAgent() : `Exchange/${device.appVersion} (${device.model})`,
    appVersion: device.appVersion,
    method: how.method,
    outcome: how.outcome,
    failureReason: how.failureReason ?? null,
    webIp: how.webIp ?? null,
  };
}

/**
 * The customer logs in on a new device: verified accounts try face recognition (which fails now
 * and then: liveness, mismatch, or the web and app IPs differ), others enter their security codes.
 */
export function newDeviceLogin(account: SimAccount, at: Date): IdentityEventIn[] {
  const device = newDevice();
  account.devices.push(device);
  const events = deviceSeen(account, device, at);
  if (!account.verified) {
    const wrong = faker.datatype.boolean({ probability: 0.4 });
    events.push(login(account, device, at, { method: "SECURITY_ITEMS", outcome: wrong ? "FAILURE" : "SUCCESS", failureReason: wrong ? "CODE_WRONG" : undefined }));
    return events;
  }
  const roll = faker.number.float({ min: 0, max: 1 });
  if (roll < 0.45) {
    events.push(login(account, device, at, { method: "FACE", outcome: "SUCCESS" }));
  } else if (roll < 0.85) {
    // One face_check.failed per failed check and no login.attempted FAILURE beside it: Gatehouse
    // records the check as a failed FACE login already (docs/IDENTITY-API.md).
    const reason = pick(["LIVENESS_FAILED", "FACE_MISMATCH"] as const);
    events.push({ id: eventId(), type: "face_check.failed", occurredAt: at.toISOString(), uid: account.uid, deviceId: device.deviceId, reason, ip: account.ip, asn: account.asn, network: account.network, country: account.country, appVersion: device.appVersion });
  } else {
    events.push(login(account, device, at, { method: "FACE", outcome: "FAILURE", failureReason: "IP_MISMATCH", webIp: faker.internet.ipv4() }));
  }
  return events;
}

/** A routine login on a device the account already uses. */
export function returningLogin(account: SimAccount, at: Date): IdentityEventIn[] {
  const device = pick(account.devices);
  return [login(account, device, at, { method: "OLD_DEVICE", outcome: "SUCCESS" })];
}
