// Webhook endpoints (the identity service's receivers): list them, or add one (its signing secret is in the answer, once).
import { NextResponse } from "next/server";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { createWebhookEndpoint, ZCreateWebhookEndpointInput } from "@/lib/webhooks/create-endpoint";
import { listWebhookEndpoints } from "@/lib/webhooks/list-endpoints";

const noStore = { "cache-control": "no-store" };

export const GET = apiRoute(async (_req, { actor, request }) => NextResponse.json({ endpoints: await listWebhookEndpoints(actor, { request }) }, { headers: noStore }));

export const POST = apiRoute(async (req, { actor, request }) => {
  const input = await jsonBody(req, ZCreateWebhookEndpointInput);
  return NextResponse.json(await createWebhookEndpoint(actor, input, { request }), { status: 201, headers: noStore });
});
