import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { endpointSelect, toEndpointView, type WebhookEndpointView } from "./shared";

export interface WebhookEndpointRow extends WebhookEndpointView {
  deliveries: { pending: number; delivered: number; failed: number };
}

/** Every endpoint, oldest first, with how many of its deliveries are pending, delivered and failed. */
export async function listWebhookEndpoints(actor: Actor, opts: { request?: RequestContext } = {}): Promise<WebhookEndpointRow[]> {
  await requireStaff(actor, "settings.manage", { request: opts.request });
  const [rows, counts] = await Promise.all([
    db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: endpointSelect }),
    db.webhookDelivery.groupBy({ by: ["endpointId", "status"], _count: { _all: true } }),
  ]);
  return rows.map((r) => {
    const of = (status: string) => counts.find((c) => c.endpointId === r.id && c.status === status)?._count._all ?? 0;
    return { ...toEndpointView(r), deliveries: { pending: of("PENDING"), delivered: of("DELIVERED"), failed: of("FAILED") } };
  });
}
