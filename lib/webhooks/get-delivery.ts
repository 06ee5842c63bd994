import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { deliveryRowSelect, toDeliveryRow, type WebhookDeliveryRow } from "./delivery-view";
import { parseId } from "./shared";

export interface WebhookDeliveryDetail extends WebhookDeliveryRow {
  /** What is sent: `{ type, timestamp, data }` (ids, codes and times only). */
  payload: unknown;
}

export async function getWebhookDelivery(actor: Actor, input: { deliveryId: string }, opts: { request?: RequestContext } = {}): Promise<WebhookDeliveryDetail> {
  await requireStaff(actor, "settings.manage", { request: opts.request });
  const id = parseId(input.deliveryId, "delivery");
  const row = await db.webhookDelivery.findUnique({ where: { id }, select: { ...deliveryRowSelect, payload: true } });
  if (!row) throw new AppError("NOT_FOUND", "No webhook delivery with this id.");
  return { ...toDeliveryRow(row), payload: row.payload };
}
