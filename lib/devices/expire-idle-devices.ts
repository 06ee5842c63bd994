import { appendAudit } from "../audit/append";
import { systemActor } from "../auth/actor";
import { config } from "../config";
import { db } from "../db";
import { emitWebhookEvent } from "../webhooks/emit";

export interface ExpireResult {
  expired: number;
  batches: number;
  /** True when the run stopped at maxBatches with devices left (the next run continues). */
  more: boolean;
}

interface Idle {
  id: string;
  accountId: string;
  externalId: string;
  accountUid: string;
  lastLoginAt: Date | null;
}

const actor = systemActor("device-expiry");

/**
 * Marks AUTHORIZED devices idle for DEVICE_EXPIRY_DAYS as EXPIRED (rule: lib/devices/expiry.ts),
 * in batches of one transaction each: status + expiredAt, a device.expired event for the identity
 * service and an audit entry per device. Rows another transaction holds (a login being recorded, a
 * staff decision) are skipped and picked up by the next run; running twice expires nothing twice.
 */
export async function expireIdleDevices(now: Date = new Date(), opts: { batchSize?: number; maxBatches?: number } = {}): Promise<ExpireResult> {
  const batchSize = opts.batchSize ?? 200;
  const maxBatches = opts.maxBatches ?? 50;
  const cutoff = new Date(now.getTime() - config.DEVICE_EXPIRY_DAYS * 86_400_000);
  let expired = 0;
  for (let batch = 1; batch <= maxBatches; batch++) {
    const n = await db.$transaction(async (tx) => {
      // GREATEST ignores NULLs: the later of last login and authorisation, else first sight.
      const idle = await tx.$queryRaw<Idle[]>`
        SELECT d.id::text AS id, d."accountId"::text AS "accountId", d."externalId", a.uid AS "accountUid", d."lastLoginAt"
        FROM "Device" d JOIN "Account" a ON a.id = d."accountId"
        WHERE d.status = 'AUTHORIZED' AND COALESCE(GREATEST(d."lastLoginAt", d."authorizedAt"), d."firstSeenAt") < ${cutoff}
        ORDER BY d.id LIMIT ${batchSize}
        FOR UPDATE OF d SKIP LOCKED`;
      if (idle.length === 0) return 0;
      await tx.device.updateMany({ where: { id: { in: idle.map((d) => d.id) } }, data: { status: "EXPIRED", expiredAt: now } });
      for (const d of idle) {
        await emitWebhookEvent(tx, {
          type: "device.expired",
          // One event per expiry: a retried batch cannot announce it twice.
          id: `device.expired:${d.id}:${now.getTime()}`,
          occurredAt: now,
          data: { deviceId: d.id, deviceExternalId: d.externalId, accountUid: d.accountUid, status: "EXPIRED", expiredAt: now.toISOString(), lastLoginAt: d.lastLoginAt?.toISOString() ?? null },
        });
      }
      for (const d of idle) {
        await appendAudit(tx, {
          action: "device.expired",
          actor,
          target: { type: "Device", id: d.id },
          accountId: d.accountId,
          data: { deviceId: d.id, accountId: d.accountId, lastLoginAt: d.lastLoginAt?.toISOString() ?? null },
        });
      }
      return idle.length;
    });
    expired += n;
    if (n < batchSize) return { expired, batches: batch, more: false };
  }
  return { expired, batches: maxBatches, more: true };
}
