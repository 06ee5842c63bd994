// One webhook delivery with the payload it sends (ids, codes and times).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { getWebhookDelivery } from "@/lib/webhooks/get-delivery";

export const GET = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await getWebhookDelivery(actor, { deliveryId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
