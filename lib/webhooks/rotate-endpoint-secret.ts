import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../staff/shared";
import { endpointSelect, endpointTarget, loadEndpoint, parseId, toEndpointView } from "./shared";
import type { CreatedWebhookEndpoint } from "./create-endpoint";
import { generateWebhookSecret } from "./signing";

export const ZRotateWebhookSecretInput = z.strictObject({ endpointId: z.string().max(64) });

/**
 * Replaces an endpoint's signing secret; the new one is returned this once. Every attempt from
 * now on (retries of older events included) is signed with it, so update the receiver first
 * thing. Unchecked: for callers that have done the permission check (the SYSTEM set-up script).
 */
export async function rotateWebhookSecretUnchecked(input: { endpointId: string }, opts: { actor: Actor; request?: RequestContext }): Promise<CreatedWebhookEndpoint> {
  const endpointId = parseId(parseInput(ZRotateWebhookSecretInput, input).endpointId, "endpoint");
  const secret = generateWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    await loadEndpoint(tx, endpointId);
    const updated = await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { secret }, select: endpointSelect });
    await appendAudit(tx, {
      action: "webhook.endpoint_updated",
      actor: opts.actor,
      target: endpointTarget(endpointId),
      request: opts.request,
      data: { endpointId, changed: ["secret"] },
    });
    return updated;
  });
  return { endpoint: toEndpointView(row), secret };
}

export async function rotateWebhookSecret(actor: Actor, input: { endpointId: string }, opts: { request?: RequestContext } = {}): Promise<CreatedWebhookEndpoint> {
  const { actor: staff } = await requireStaff(actor, "settings.manage", { request: opts.request });
  return rotateWebhookSecretUnchecked(input, { actor: staff, request: opts.request });
}
