// Replaces an endpoint's signing secret; the new one is in the answer, once.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-endpoint-secret";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await rotateWebhookSecret(actor, { endpointId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
