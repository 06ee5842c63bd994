// The webhook delivery log, newest first: ?status=PENDING,FAILED&endpointId=&eventType=&eventId=&cursor=&limit=
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { listWebhookDeliveries } from "@/lib/webhooks/list-deliveries";

export const GET = apiRoute(async (req, { actor, request }) => {
  const params = new URL(req.url).searchParams;
  const status = params.getAll("status").flatMap((s) => s.split(",")).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const limit = params.get("limit");
  const input = {
    // Shapes only; listWebhookDeliveries validates the values (400 INVALID_INPUT with the field).
    status: status.length ? status : undefined,
    endpointId: params.get("endpointId") || undefined,
    eventType: params.get("eventType") || undefined,
    eventId: params.get("eventId") || undefined,
    cursor: params.get("cursor") || undefined,
    limit: limit === null || limit === "" ? undefined : Number(limit),
  };
  return NextResponse.json(await listWebhookDeliveries(actor, input, { request }), { headers: { "cache-control": "no-store" } });
});
