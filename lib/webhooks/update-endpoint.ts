import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../staff/shared";
import { webhookPolicy } from "./policy";
import { endpointSelect, endpointTarget, loadEndpoint, parseId, toEndpointView, ZEndpointEvents, ZEndpointName, ZEndpointUrl, type WebhookEndpointView } from "./shared";
import { checkTarget } from "./target";

export const ZUpdateWebhookEndpointInput = z.strictObject({
  endpointId: z.string().max(64),
  name: ZEndpointName.optional(),
  url: ZEndpointUrl.optional(),
  events: ZEndpointEvents.optional(),
  active: z.boolean().optional(),
});
export type TUpdateWebhookEndpointInput = z.input<typeof ZUpdateWebhookEndpointInput>;

/**
 * Changes an endpoint's name, URL (checked like a new one), events or active flag. Deliveries
 * already recorded keep going to the endpoint's current URL; a disabled endpoint receives nothing
 * (its pending deliveries count failed attempts until it is enabled again or the window ends).
 */
export async function updateWebhookEndpoint(actor: Actor, input: TUpdateWebhookEndpointInput, opts: { request?: RequestContext } = {}): Promise<WebhookEndpointView> {
  const { actor: staff } = await requireStaff(actor, "settings.manage", { request: opts.request });
  return updateWebhookEndpointUnchecked(input, { actor: staff, request: opts.request });
}

/** For callers that have done the permission check (the SYSTEM set-up script). */
export async function updateWebhookEndpointUnchecked(input: TUpdateWebhookEndpointInput, opts: { actor: Actor; request?: RequestContext }): Promise<WebhookEndpointView> {
  const { endpointId: rawId, name, url, events, active } = parseInput(ZUpdateWebhookEndpointInput, input);
  const endpointId = parseId(rawId, "endpoint");
  const checkedUrl = url === undefined ? undefined : (await checkTarget(url, webhookPolicy().allowPrivateTargets)).toString();

  const row = await db.$transaction(async (tx) => {
    const current = await loadEndpoint(tx, endpointId);
    const data: { name?: string; url?: string; events?: string[]; active?: boolean } = {};
    if (name !== undefined && name !== current.name) data.name = name;
    if (checkedUrl !== undefined && checkedUrl !== current.url) data.url = checkedUrl;
    if (events !== undefined && [...events].sort().join() !== [...current.events].sort().join()) data.events = events;
    if (active !== undefined && active !== current.active) data.active = active;
    const changed = Object.keys(data);
    if (changed.length === 0) return current;
    const updated = await tx.webhookEndpoint.update({ where: { id: endpointId }, data, select: endpointSelect });
    await appendAudit(tx, {
      action: "webhook.endpoint_updated",
      actor: opts.actor,
      target: endpointTarget(endpointId),
      request: opts.request,
      data: { endpointId, changed },
    });
    return updated;
  });
  return toEndpointView(row);
}
