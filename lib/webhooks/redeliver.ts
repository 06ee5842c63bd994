import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { writeOutbox } from "../outbox/write";
import { isUniqueViolation, parseInput } from "../staff/shared";
import { deliveryRowSelect, toDeliveryRow, type WebhookDeliveryRow } from "./delivery-view";
import { deliverWebhookJob, redeliveryKey } from "./jobs";
import { parseId } from "./shared";

export const ZRedeliverWebhookInput = z.strictObject({ deliveryId: z.string().max(64) });

/**
 * Queues a new attempt of a delivery, whatever its status (a FAILED one after the receiver was
 * fixed, a DELIVERED one the receiver lost, a PENDING one not to wait for its next retry). The
 * event keeps its id, so a receiver that already has it ignores the copy. The delivery is PENDING
 * until the attempt runs; if it fails after the retry window, it is FAILED again.
 * One redelivery at a time per delivery: asking again before it ran is a CONFLICT.
 */
export async function redeliverWebhook(actor: Actor, input: { deliveryId: string }, opts: { request?: RequestContext } = {}): Promise<{ delivery: WebhookDeliveryRow }> {
  const { actor: staff } = await requireStaff(actor, "settings.manage", { request: opts.request });
  const deliveryId = parseId(parseInput(ZRedeliverWebhookInput, input).deliveryId, "delivery");
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { ...deliveryRowSelect, endpoint: { select: { id: true, name: true, active: true } } } });
      if (!current) throw new AppError("NOT_FOUND", "No webhook delivery with this id.");
      if (!current.endpoint.active) throw new AppError("CONFLICT", "The endpoint is disabled. Enable it first.");
      const updated = await tx.webhookDelivery.update({
        where: { id: deliveryId },
        data: { status: "PENDING", nextAttemptAt: new Date() },
        select: deliveryRowSelect,
      });
      await writeOutbox(tx, deliverWebhookJob, { deliveryId, manual: true }, { dedupeKey: redeliveryKey(deliveryId, current.attempts) });
      await appendAudit(tx, {
        action: "webhook.redelivered",
        actor: staff,
        target: { type: "WebhookDelivery", id: deliveryId },
        request: opts.request,
        data: { deliveryId, endpointId: current.endpoint.id, eventType: current.eventType },
      });
      return { delivery: toDeliveryRow(updated) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", "A redelivery of this event is already queued.");
    throw err;
  }
}
