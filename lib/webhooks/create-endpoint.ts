import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../staff/shared";
import { webhookPolicy } from "./policy";
import { endpointSelect, endpointTarget, toEndpointView, ZEndpointEvents, ZEndpointName, ZEndpointUrl, type WebhookEndpointView } from "./shared";
import { generateWebhookSecret } from "./signing";
import { checkTarget } from "./target";

export const ZCreateWebhookEndpointInput = z.strictObject({
  name: ZEndpointName,
  url: ZEndpointUrl,
  events: ZEndpointEvents,
  active: z.boolean().optional(),
});
export type TCreateWebhookEndpointInput = z.input<typeof ZCreateWebhookEndpointInput>;

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpointView;
  /** `whsec_…`: shown this once, never again (rotate to get a new one). */
  secret: string;
}

/**
 * Adds an endpoint the identity service listens on. The URL must be https and resolve to public
 * addresses only (unless WEBHOOK_ALLOW_PRIVATE_TARGETS); the signing secret is generated here.
 * Unchecked: for callers that have done the permission check (and for the SYSTEM set-up script).
 */
export async function createWebhookEndpointUnchecked(input: TCreateWebhookEndpointInput, opts: { actor: Actor; request?: RequestContext }): Promise<CreatedWebhookEndpoint> {
  const { name, url, events, active } = parseInput(ZCreateWebhookEndpointInput, input);
  // DNS before the transaction: nothing talks to the network inside it.
  const checked = await checkTarget(url, webhookPolicy().allowPrivateTargets);
  const secret = generateWebhookSecret();
  const endpoint = await db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.create({ data: { name, url: checked.toString(), events, secret, active: active ?? true }, select: endpointSelect });
    await appendAudit(tx, {
      action: "webhook.endpoint_created",
      actor: opts.actor,
      target: endpointTarget(row.id),
      request: opts.request,
      data: { endpointId: row.id, events },
    });
    return row;
  });
  return { endpoint: toEndpointView(endpoint), secret };
}

export async function createWebhookEndpoint(actor: Actor, input: TCreateWebhookEndpointInput, opts: { request?: RequestContext } = {}): Promise<CreatedWebhookEndpoint> {
  const { actor: staff } = await requireStaff(actor, "settings.manage", { request: opts.request });
  return createWebhookEndpointUnchecked(input, { actor: staff, request: opts.request });
}
