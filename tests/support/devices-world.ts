// A small world for the device actions' tests: staff actors (stepped up unless asked), accounts
// in the states the rules care about (ID bound elsewhere, identity unverified), devices with a
// given status and clock, review cases and a webhook endpoint subscribed to the device events.
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { db, type CaseStatus, type DeviceStatus, type KycStatus, type StaffRole } from "@/lib/db";
import { makeStaff } from "../integration/support/staff";

export type StaffTestActor = Extract<Actor, { type: "STAFF" }>;

const DAY = 86_400_000;
export const daysAgo = (n: number, now = Date.now()): Date => new Date(now - n * DAY);

/** A signed-in staff member who confirmed their password a moment ago (step-up), unless `steppedUp: false`. */
export async function staffActor(role: StaffRole, opts: { steppedUp?: boolean } = {}): Promise<StaffTestActor & { secret: string | null }> {
  const s = await makeStaff(role);
  return { type: "STAFF", id: s.id, role, steppedUpAt: opts.steppedUp === false ? null : new Date(), secret: s.secret };
}

export interface AccountOpts {
  kycStatus?: KycStatus;
  securityItems?: string[];
  /** Another account holds this account's ID document. */
  idConflict?: boolean;
}

export async function makeAccount(opts: AccountOpts = {}): Promise<{ id: string; uid: string }> {
  const email = `customer-${randomUUID().slice(0, 8)}@mail.example.com`;
  const other = opts.idConflict ? await makeAccount() : null;
  return db.account.create({
    data: {
      uid: `U${randomUUID().replaceAll("-", "").slice(0, 12)}`,
      email,
      emailNormalized: email,
      realName: "Alex Example",
      kycStatus: opts.kycStatus ?? "VERIFIED",
      securityItems: opts.securityItems ?? [],
      idConflictAccountId: other?.id ?? null,
    },
    select: { id: true, uid: true },
  });
}

export interface DeviceOpts {
  status?: DeviceStatus;
  lastLoginAt?: Date | null;
  authorizedAt?: Date | null;
  firstSeenAt?: Date;
}

export async function makeDevice(accountId: string, opts: DeviceOpts = {}): Promise<{ id: string; externalId: string }> {
  const firstSeenAt = opts.firstSeenAt ?? daysAgo(100);
  return db.device.create({
    data: {
      accountId,
      externalId: `dev-${randomUUID()}`,
      platform: "ANDROID",
      model: "Pixel 9",
      status: opts.status ?? "PENDING",
      firstSeenAt,
      lastSeenAt: opts.lastLoginAt ?? firstSeenAt,
      lastLoginAt: opts.lastLoginAt ?? null,
      authorizedAt: opts.authorizedAt ?? null,
    },
    select: { id: true, externalId: true },
  });
}

/** An account with one PENDING device (a new phone waiting for a decision). */
export async function accountWithPendingDevice(opts: AccountOpts = {}) {
  const account = await makeAccount(opts);
  const device = await makeDevice(account.id);
  return { account, device };
}

/** decidedAt is set on exactly the decided cases (a database trigger enforces it). */
export const decidedAtFor = (status: CaseStatus | undefined): Date | null => (status === "APPROVED" || status === "REJECTED" ? new Date() : null);

export async function makeCase(accountId: string, opts: { assigneeId?: string | null; deviceId?: string | null; status?: CaseStatus } = {}): Promise<{ id: string; ref: string }> {
  const row = await db.reviewCase.create({
    data: { accountId, deviceId: opts.deviceId ?? null, assigneeId: opts.assigneeId ?? null, status: opts.status ?? "IN_REVIEW", decidedAt: decidedAtFor(opts.status), slaDueAt: new Date(Date.now() + 3_600_000) },
    select: { id: true, number: true },
  });
  return { id: row.id, ref: formatCaseRef(row.number) };
}

/** The identity service's endpoint, subscribed to every device event: each event becomes a delivery row. */
export async function makeWebhookEndpoint(): Promise<{ id: string }> {
  return db.webhookEndpoint.create({
    data: { name: "identity service", url: "http://127.0.0.1:9/webhooks", secret: `whsec_${randomUUID()}`, events: ["device.authorized", "device.revoked", "device.expired"] },
    select: { id: true },
  });
}

/** Delivery rows for a device, as the identity service would receive them. */
export async function deliveriesFor(deviceId: string, eventType?: string) {
  const rows = await db.webhookDelivery.findMany({ where: { ...(eventType ? { eventType } : {}) }, orderBy: { createdAt: "asc" } });
  return rows.filter((r) => (r.payload as { data?: { deviceId?: string } }).data?.deviceId === deviceId);
}

/** Audit entries of one action about one record (a device, an approval request). */
export async function auditsFor(targetId: string, action: string) {
  return db.auditEntry.findMany({ where: { action, targetId }, orderBy: { seq: "asc" } });
}
