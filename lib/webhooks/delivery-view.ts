import type { Prisma } from "../db";
import type { DeliveryStatus } from "../generated/prisma/enums";

/** One line of the delivery log. The payload (ids, codes, times) is in the single-delivery view only. */
export interface WebhookDeliveryRow {
  id: string;
  endpoint: { id: string; name: string };
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
}

export const deliveryRowSelect = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  lastStatus: true,
  lastError: true,
  createdAt: true,
  deliveredAt: true,
  nextAttemptAt: true,
  endpoint: { select: { id: true, name: true } },
} as const satisfies Prisma.WebhookDeliverySelect;

type Selected = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliveryRowSelect }>;

export function toDeliveryRow(r: Selected): WebhookDeliveryRow {
  return {
    id: r.id,
    endpoint: r.endpoint,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
    // Only meaningful while the delivery is pending.
    nextAttemptAt: r.status === "PENDING" ? r.nextAttemptAt : null,
  };
}
