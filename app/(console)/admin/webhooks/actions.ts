"use server";

import { z } from "zod";
import { runAction } from "@/lib/auth/current";
import { parseInput } from "@/lib/staff/shared";
import { createWebhookEndpoint, ZCreateWebhookEndpointInput } from "@/lib/webhooks/create-endpoint";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-endpoint";
import { redeliverWebhook } from "@/lib/webhooks/redeliver";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-endpoint-secret";
import { updateWebhookEndpoint, ZUpdateWebhookEndpointInput } from "@/lib/webhooks/update-endpoint";

// Webhook endpoints and redelivery from the console. Every export is callable from the internet:
// each parses its argument here and hands it to a use case, which checks settings.manage itself.

// What the forms send (event names as strings); the schemas decide what is valid.
type EndpointFields = { name: string; url: string; events: string[]; active?: boolean };

const ZEndpoint = z.strictObject({ endpointId: z.string().max(64) });
const ZDelivery = z.strictObject({ deliveryId: z.string().max(64) });

export async function createWebhookEndpointAction(input: EndpointFields) {
  return runAction(({ actor, request }) => createWebhookEndpoint(actor, parseInput(ZCreateWebhookEndpointInput, input), { request }));
}

export async function updateWebhookEndpointAction(input: Partial<EndpointFields> & { endpointId: string }) {
  return runAction(({ actor, request }) => updateWebhookEndpoint(actor, parseInput(ZUpdateWebhookEndpointInput, input), { request }));
}

export async function rotateWebhookSecretAction(input: z.input<typeof ZEndpoint>) {
  return runAction(({ actor, request }) => rotateWebhookSecret(actor, parseInput(ZEndpoint, input), { request }));
}

export async function deleteWebhookEndpointAction(input: z.input<typeof ZEndpoint>) {
  return runAction(({ actor, request }) => deleteWebhookEndpoint(actor, parseInput(ZEndpoint, input), { request }));
}

export async function redeliverWebhookAction(input: z.input<typeof ZDelivery>) {
  return runAction(({ actor, request }) => redeliverWebhook(actor, parseInput(ZDelivery, input), { request }));
}
