import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { DeliveryStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../staff/shared";
import { deliveryRowSelect, toDeliveryRow, type WebhookDeliveryRow } from "./delivery-view";
import { ZWebhookEventType } from "./events";
import { parseId } from "./shared";

export const ZListWebhookDeliveriesInput = z.strictObject({
  status: z.union([z.enum(DeliveryStatus), z.array(z.enum(DeliveryStatus)).max(3)]).optional(),
  endpointId: z.string().max(64).optional(),
  eventType: ZWebhookEventType.optional(),
  /** The `webhook-id` a receiver saw. */
  eventId: z.string().max(128).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
/** As callers send it (URL parameters are strings); validated against ZListWebhookDeliveriesInput inside. */
export interface TListWebhookDeliveriesInput {
  status?: string | string[];
  endpointId?: string;
  eventType?: string;
  eventId?: string;
  cursor?: string;
  limit?: number;
}

export interface WebhookDeliveryPage {
  items: WebhookDeliveryRow[];
  /** The next page down (older deliveries); null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_DELIVERY_PAGE = 50;

// Keyset paging over (createdAt desc, id desc); the cursor is base64url of "<epoch ms>.<uuid>".
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.getTime()}.${row.id}`, "utf8").toString("base64url");
}

function decodeCursor(value: string): { createdAt: Date; id: string } {
  const [ms, id, ...rest] = Buffer.from(value, "base64url").toString("utf8").split(".");
  if (rest.length || !/^\d{1,15}$/.test(ms ?? "") || !z.uuid().safeParse(id).success) {
    throw new AppError("INVALID_INPUT", "The cursor is not one this list returned; start again from the first page.", { fields: [{ path: "cursor", message: "invalid cursor" }] });
  }
  return { createdAt: new Date(Number(ms)), id: id.toLowerCase() };
}

/** The delivery log, newest first, filtered by status, endpoint, event type or event id. */
export async function listWebhookDeliveries(actor: Actor, input: TListWebhookDeliveriesInput = {}, opts: { request?: RequestContext } = {}): Promise<WebhookDeliveryPage> {
  await requireStaff(actor, "settings.manage", { request: opts.request });
  const { status, endpointId, eventType, eventId, cursor, limit = DEFAULT_DELIVERY_PAGE } = parseInput(ZListWebhookDeliveriesInput, input);
  const filters: Prisma.WebhookDeliveryWhereInput[] = [];
  if (status !== undefined) filters.push({ status: { in: Array.isArray(status) ? status : [status] } });
  if (endpointId) filters.push({ endpointId: parseId(endpointId, "endpoint") });
  if (eventType) filters.push({ eventType });
  if (eventId?.trim()) filters.push({ eventId: eventId.trim() });
  if (cursor) {
    const c = decodeCursor(cursor);
    filters.push({ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] });
  }
  const rows = await db.webhookDelivery.findMany({
    where: { AND: filters },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: deliveryRowSelect,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toDeliveryRow), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
