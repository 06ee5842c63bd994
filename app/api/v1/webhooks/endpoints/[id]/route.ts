// One webhook endpoint: change its name, URL, events or active flag; or delete it (with its delivery log).
import { NextResponse } from "next/server";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-endpoint";
import { updateWebhookEndpoint, ZUpdateWebhookEndpointInput } from "@/lib/webhooks/update-endpoint";

const noStore = { "cache-control": "no-store" };
const ZBody = ZUpdateWebhookEndpointInput.omit({ endpointId: true });

export const PATCH = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZBody);
  return NextResponse.json(await updateWebhookEndpoint(actor, { ...body, endpointId: params.id }, { request }), { headers: noStore });
});

export const DELETE = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await deleteWebhookEndpoint(actor, { endpointId: params.id }, { request }), { headers: noStore }),
);
