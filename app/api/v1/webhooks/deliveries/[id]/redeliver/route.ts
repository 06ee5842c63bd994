// Queues one more attempt of a delivery (same event, same webhook-id). 409 when one is already queued.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { redeliverWebhook } from "@/lib/webhooks/redeliver";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await redeliverWebhook(actor, { deliveryId: params.id }, { request }), { status: 202, headers: { "cache-control": "no-store" } }),
);
