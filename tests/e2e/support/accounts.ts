import { randomBytes, randomUUID } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import { withClient } from "./db";

// Customer accounts for the account-page specs (accounts.spec.ts), written straight into the run's
// database the way the identity service's events would leave them. Global setup seeds staff only:
// every test creates its own account, devices and logins, with unique uids and device ids.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);

export interface SeedDevice {
  externalId: string;
  status: "PENDING" | "AUTHORIZED" | "REVOKED" | "EXPIRED";
  platform?: "IOS" | "ANDROID" | "WEB" | "DESKTOP" | "OTHER";
  model?: string;
  /** Last successful login; authorised devices expire DEVICE_EXPIRY_DAYS (30) after it. */
  lastLoginAt?: Date;
}

export interface SeedLogin {
  /** Index into the devices given to createAccount. */
  device?: number;
  occurredAt: Date;
  outcome: "SUCCESS" | "FAILURE" | "PENDING_REVIEW";
  method?: "FACE" | "OLD_DEVICE" | "SECURITY_ITEMS" | "MANUAL";
  failureReason?: string;
  ip?: string;
  webIp?: string;
}

export interface SeededAccount {
  id: string;
  uid: string;
  email: string;
  realName: string;
  devices: { id: string; externalId: string }[];
}

/** A short unique suffix for uids, emails and device ids. */
export const uniq = (): string => randomBytes(4).toString("hex");

/** An identity-verified customer with the given devices and logins. */
export async function createAccount(opts: { devices?: SeedDevice[]; logins?: SeedLogin[]; realName?: string } = {}): Promise<SeededAccount> {
  const suffix = uniq();
  const account = { id: randomUUID(), uid: `E2E${suffix.toUpperCase()}`, email: `Customer.${suffix}@example.test`, realName: opts.realName ?? `Customer ${suffix}` };
  const devices = (opts.devices ?? []).map((d) => ({ ...d, id: randomUUID() }));
  await withClient(async (c) => {
    await c.query("BEGIN");
    await c.query(
      `INSERT INTO "Account" (id, uid, email, "emailNormalized", phone, "kycStatus", "realName", locale, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, NULL, 'VERIFIED', $5, 'en', now(), now())`,
      [account.id, account.uid, account.email, account.email.toLowerCase(), account.realName],
    );
    for (const d of devices) {
      const lastLogin = d.lastLoginAt ?? (d.status === "PENDING" ? null : ago(2 * DAY));
      await c.query(
        `INSERT INTO "Device" (id, "accountId", "externalId", platform, model, "appVersion", status, "firstSeenAt", "lastSeenAt", "lastLoginAt", "authMethod", "authorizedAt", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, '4.2.0', $6, $7, $8, $9, $10, $11, now(), now())`,
        [
          d.id,
          account.id,
          d.externalId,
          d.platform ?? "IOS",
          d.model ?? null,
          d.status,
          ago(60 * DAY),
          lastLogin ?? ago(HOUR),
          lastLogin,
          d.status === "AUTHORIZED" ? "FACE" : null,
          d.status === "AUTHORIZED" ? ago(60 * DAY) : null,
        ],
      );
    }
    for (const l of opts.logins ?? []) {
      await c.query(
        `INSERT INTO "LoginEvent" ("externalId", "accountId", "deviceId", "occurredAt", ip, asn, network, country, "userAgent", "appVersion", "webIp", method, outcome, "failureReason", "createdAt")
         VALUES ($1, $2, $3, $4, $5, 64500, 'E2E Net', 'DE', 'E2E-App/4.2', '4.2.0', $6, $7, $8, $9, now())`,
        [
          `login-${uniq()}-${uniq()}`,
          account.id,
          l.device === undefined ? null : devices[l.device].id,
          l.occurredAt,
          l.ip ?? "198.51.7.10",
          l.webIp ?? null,
          l.method ?? "FACE",
          l.outcome,
          l.failureReason ?? null,
        ],
      );
    }
    await c.query("COMMIT");
  });
  return { ...account, devices: devices.map((d) => ({ id: d.id, externalId: d.externalId })) };
}

export async function deviceRow(id: string): Promise<{ status: string; decisionNote: string | null; decisionReason: string | null; decidedById: string | null }> {
  return withClient(async (c) => (await c.query(`SELECT status, "decisionNote", "decisionReason", "decidedById" FROM "Device" WHERE id = $1`, [id])).rows[0]);
}

/** An active webhook endpoint row (no DNS check: written directly), subscribed to `events`. */
export async function createWebhookEndpointRow(events: string[]): Promise<{ id: string; name: string }> {
  const endpoint = { id: randomUUID(), name: `E2E receiver ${uniq()}` };
  await withClient((c) =>
    c.query(
      `INSERT INTO "WebhookEndpoint" (id, name, url, secret, events, active, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, true, now(), now())`,
      [endpoint.id, endpoint.name, "https://receiver.example.test/gatehouse", `whsec_${randomBytes(24).toString("base64")}`, events],
    ),
  );
  return endpoint;
}

export async function deleteWebhookEndpointRow(id: string): Promise<void> {
  await withClient((c) => c.query(`DELETE FROM "WebhookEndpoint" WHERE id = $1`, [id]));
}

/** Deliveries recorded for an endpoint, with the device id from their payload. */
export async function webhookDeliveries(endpointId: string): Promise<{ eventType: string; status: string; payload: unknown }[]> {
  return withClient(async (c) => (await c.query(`SELECT "eventType", status::text AS status, payload FROM "WebhookDelivery" WHERE "endpointId" = $1 ORDER BY "createdAt"`, [endpointId])).rows);
}

export async function webhookEndpointsByName(name: string): Promise<{ id: string; url: string; secret: string }[]> {
  return withClient(async (c) => (await c.query(`SELECT id, url, secret FROM "WebhookEndpoint" WHERE name = $1`, [name])).rows);
}

export async function approvalRows(deviceId: string): Promise<{ status: string; requestedById: string; decidedById: string | null; reasonCode: string | null }[]> {
  return withClient(
    async (c) =>
      (await c.query(`SELECT status::text AS status, "requestedById", "decidedById", "reasonCode"::text AS "reasonCode" FROM "ApprovalRequest" WHERE "deviceId" = $1 ORDER BY "createdAt"`, [deviceId])).rows,
  );
}

/** Opens an account page and waits for its heading. */
export async function openAccount(page: Page, uid: string, query = ""): Promise<void> {
  await page.goto(`/accounts/${encodeURIComponent(uid)}${query}`);
  await expect(page.getByRole("heading", { level: 1, name: `Account ${uid}` })).toBeVisible();
}

/** The devices table's row for a device (found by its identity-service id). */
export function deviceTableRow(page: Page, externalId: string): Locator {
  return page.getByRole("table", { name: /Devices of this account/ }).getByRole("row").filter({ hasText: externalId });
}

/** The login history table. */
export function loginTable(page: Page): Locator {
  return page.getByRole("table", { name: /Login history/ });
}

/** The pending-approvals section of the account page. */
export function approvalsSection(page: Page): Locator {
  return page.getByRole("region", { name: "Device authorisations waiting for a second supervisor" });
}

/** A PENDING device-authorisation request, as an agent's authorise-without-a-case leaves it. */
export async function createApprovalRow(deviceId: string, requestedById: string, note: string): Promise<string> {
  const id = randomUUID();
  await withClient((c) =>
    c.query(
      `INSERT INTO "ApprovalRequest" (id, kind, status, "deviceId", "requestedById", "reasonCode", note, "createdAt") VALUES ($1, 'DEVICE_AUTHORIZATION', 'PENDING', $2, $3, 'CUSTOMER_REQUEST', $4, now())`,
      [id, deviceId, requestedById, note],
    ),
  );
  return id;
}
