import { z } from "zod";
import { defineJob } from "../queue/define";
import { deliverWebhook } from "./deliver";

/**
 * One attempt to deliver one WebhookDelivery (lib/webhooks/deliver.ts). Retries are scheduled by
 * the handler itself, not by BullMQ: a failed attempt writes the next attempt's outbox row with
 * `availableAt` = nextAttemptAt (exponential backoff, lib/webhooks/schedule.ts), so the schedule
 * lives in Postgres, shows in the delivery log and survives Redis outages. BullMQ's own attempts
 * only cover infrastructure errors (database down) inside the handler.
 * `manual`: a redelivery asked for by an admin (one attempt, whatever the retry window).
 */
export const deliverWebhookJob = defineJob({
  name: "webhooks.deliver",
  queue: "delivery",
  payload: z.object({ deliveryId: z.uuid(), manual: z.boolean().optional() }),
  options: { attempts: 8, backoff: { type: "exponential", delay: 5_000 } },
  handler: ({ deliveryId, manual }) => deliverWebhook(deliveryId, { manual }),
});

/** Outbox dedupe key of automatic attempt `n` (1-based) of a delivery. */
export function attemptKey(deliveryId: string, n: number): string {
  return `${deliveryId}:a${n}`;
}

/** Outbox dedupe key of a manual redelivery made after `attempts` attempts: one per state, so a double click queues one. */
export function redeliveryKey(deliveryId: string, attempts: number): string {
  return `${deliveryId}:m${attempts}`;
}

/** Every 5 minutes: queue an attempt for deliveries whose job was lost (lib/webhooks/sweep.ts). */
export const sweepWebhooksJob = defineJob({
  name: "webhooks.sweep",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { every: 5 * 60_000 },
  handler: async () => {
    const { sweepStuckWebhooks } = await import("./sweep");
    return { requeued: (await sweepStuckWebhooks()).requeued.length };
  },
});
