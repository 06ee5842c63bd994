import { appendAudit } from "../audit/append";
import { systemActor } from "../auth/actor";
import { db } from "../db";
import { logger } from "../log";
import { writeOutbox } from "../outbox/write";
import { attemptKey, deliverWebhookJob } from "./jobs";
import { webhookPolicy } from "./policy";
import { postWebhook, type PostResult } from "./post";
import { nextAttemptAt } from "./schedule";
import { signWebhook } from "./signing";
import type { WebhookPayload } from "./events";

export type DeliverResult =
  | { status: "delivered"; deliveryId: string; attempts: number; httpStatus: number }
  | { status: "retry_scheduled"; deliveryId: string; attempts: number; nextAttemptAt: Date; error: string }
  | { status: "failed"; deliveryId: string; attempts: number; error: string }
  | { status: "skipped"; deliveryId: string; reason: "not_found" | "not_pending" | "not_due" | "claimed_elsewhere" };

const actor = systemActor("delivery");

/** The body as sent and signed, keys in the Standard Webhooks order (jsonb does not keep it). */
export function webhookBody(payload: unknown): string {
  const p = payload as WebhookPayload;
  return JSON.stringify({ type: p.type, timestamp: p.timestamp, data: p.data });
}

function signedHeaders(secret: string, id: string, body: string): Record<string, string> | null {
  try {
    return { ...signWebhook(secret, id, body) };
  } catch {
    return null;
  }
}

/**
 * One delivery attempt (the `webhooks.deliver` job). The attempt is claimed first with a
 * conditional update on `attempts` (two runs of the same job cannot both send), then the request
 * is made, then the outcome is recorded:
 * - 2xx → DELIVERED;
 * - otherwise lastStatus/lastError and, within the retry window, nextAttemptAt plus the outbox row
 *   of the next attempt (lib/webhooks/schedule.ts) in one transaction; after the window FAILED and
 *   the `webhook.delivery_failed` audit entry.
 * A job that runs again after a crash between send and record sends once more; receivers
 * deduplicate on `webhook-id`. `manual` (redelivery) ignores nextAttemptAt. `now` lets tests move
 * the clock; signatures always use the real time, which receivers check.
 */
export async function deliverWebhook(deliveryId: string, opts: { manual?: boolean; now?: Date } = {}): Promise<DeliverResult> {
  const now = opts.now ?? new Date();
  const policy = webhookPolicy();
  const row = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: { omit: { secret: false } } } });
  if (!row) return { status: "skipped", deliveryId, reason: "not_found" };
  if (row.status !== "PENDING") return { status: "skipped", deliveryId, reason: "not_pending" };
  if (!opts.manual && row.nextAttemptAt && row.nextAttemptAt > now) return { status: "skipped", deliveryId, reason: "not_due" };

  const claimed = await db.webhookDelivery.updateMany({
    where: {
      id: row.id,
      status: "PENDING",
      attempts: row.attempts,
      ...(opts.manual ? {} : { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] }),
    },
    data: { attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return { status: "skipped", deliveryId, reason: "claimed_elsewhere" };
  const attempts = row.attempts + 1;

  let result: PostResult;
  const body = webhookBody(row.payload);
  const headers = signedHeaders(row.endpoint.secret, row.eventId, body);
  if (!row.endpoint.active) {
    result = { ok: false, status: null, error: "endpoint disabled: not sent" };
  } else if (!headers) {
    result = { ok: false, status: null, error: "the endpoint's signing secret is not a valid whsec_ secret: rotate it" };
  } else {
    result = await postWebhook(row.endpoint.url, headers, body, { timeoutMs: policy.timeoutMs, allowPrivate: policy.allowPrivateTargets });
  }
  const log = { deliveryId, endpointId: row.endpointId, eventId: row.eventId, eventType: row.eventType, attempts };

  if (result.ok) {
    await db.webhookDelivery.updateMany({
      where: { id: row.id, status: "PENDING" },
      data: { status: "DELIVERED", deliveredAt: new Date(), lastStatus: result.status, lastError: null, nextAttemptAt: null },
    });
    logger.info({ ...log, httpStatus: result.status }, "webhook delivered");
    return { status: "delivered", deliveryId, attempts, httpStatus: result.status };
  }

  const next = nextAttemptAt(now, attempts, row.createdAt, policy.maxRetryHours);
  const failure = { lastStatus: result.status, lastError: result.error };
  await db.$transaction(async (tx) => {
    const mine = { id: row.id, status: "PENDING" as const, attempts };
    if (next) {
      const { count } = await tx.webhookDelivery.updateMany({ where: mine, data: { ...failure, nextAttemptAt: next } });
      if (count > 0) await writeOutbox(tx, deliverWebhookJob, { deliveryId }, { dedupeKey: attemptKey(deliveryId, attempts + 1), availableAt: next });
      return;
    }
    const { count } = await tx.webhookDelivery.updateMany({ where: mine, data: { ...failure, status: "FAILED", nextAttemptAt: null } });
    if (count === 0) return;
    await appendAudit(tx, {
      action: "webhook.delivery_failed",
      actor,
      target: { type: "WebhookDelivery", id: deliveryId },
      data: { deliveryId, endpointId: row.endpointId, eventType: row.eventType, attempts, lastStatus: result.status },
    });
  });
  if (next) {
    logger.warn({ ...log, httpStatus: result.status, nextAttemptAt: next }, "webhook delivery failed; will retry");
    return { status: "retry_scheduled", deliveryId, attempts, nextAttemptAt: next, error: result.error };
  }
  logger.error({ ...log, httpStatus: result.status }, "webhook delivery failed; retry window over");
  return { status: "failed", deliveryId, attempts, error: result.error };
}
