import type { Tx } from "../db";
import { writeOutbox } from "../outbox/write";
import { assertEventId, buildPayload, newEventId, type WebhookEventType } from "./events";
import { attemptKey, deliverWebhookJob } from "./jobs";

export interface WebhookEventInput {
  type: WebhookEventType;
  /** Ids, codes and times only — never personal data (names, emails, phones, IPs are refused). */
  data: Record<string, unknown>;
  /** Deterministic id (e.g. `device.revoked:<deviceId>:<version>`) makes emitting twice a no-op. Default: a new random id. */
  id?: string;
  /** Default: now. */
  occurredAt?: Date;
}

/**
 * Records a webhook event inside the caller's transaction: one WebhookDelivery per ACTIVE endpoint
 * subscribed to the type, and one outbox row per delivery (job `webhooks.deliver`). Nothing is
 * sent before the caller commits. Emitting the same id again creates nothing new
 * (@@unique([endpointId, eventId])). Returns the event id and how many deliveries were created.
 */
export async function emitWebhookEvent(tx: Tx, event: WebhookEventInput): Promise<{ eventId: string; deliveries: number }> {
  const eventId = event.id ?? newEventId();
  assertEventId(eventId);
  const payload = buildPayload(event.type, event.data, event.occurredAt ?? new Date());

  const endpoints = await tx.webhookEndpoint.findMany({ where: { active: true, events: { has: event.type } }, select: { id: true } });
  if (endpoints.length === 0) return { eventId, deliveries: 0 };

  const now = new Date();
  const created = await tx.webhookDelivery.createManyAndReturn({
    data: endpoints.map((e) => ({ endpointId: e.id, eventId, eventType: event.type, payload: payload as object, nextAttemptAt: now })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const d of created) {
    await writeOutbox(tx, deliverWebhookJob, { deliveryId: d.id }, { dedupeKey: attemptKey(d.id, 1) });
  }
  return { eventId, deliveries: created.length };
}
