import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../staff/shared";
import { endpointTarget, loadEndpoint, parseId } from "./shared";

export const ZDeleteWebhookEndpointInput = z.strictObject({ endpointId: z.string().max(64) });

/**
 * Removes an endpoint and, with it, its delivery log (queued attempts find nothing and stop). To
 * stop deliveries but keep the log, disable the endpoint instead. The audit trail keeps the record.
 */
export async function deleteWebhookEndpoint(actor: Actor, input: { endpointId: string }, opts: { request?: RequestContext } = {}): Promise<{ endpointId: string; deliveriesRemoved: number }> {
  const { actor: staff } = await requireStaff(actor, "settings.manage", { request: opts.request });
  const endpointId = parseId(parseInput(ZDeleteWebhookEndpointInput, input).endpointId, "endpoint");
  return db.$transaction(async (tx) => {
    await loadEndpoint(tx, endpointId);
    const deliveriesRemoved = await tx.webhookDelivery.count({ where: { endpointId } });
    await tx.webhookEndpoint.delete({ where: { id: endpointId } });
    await appendAudit(tx, { action: "webhook.endpoint_deleted", actor: staff, target: endpointTarget(endpointId), request: opts.request, data: { endpointId } });
    return { endpointId, deliveriesRemoved };
  });
}
