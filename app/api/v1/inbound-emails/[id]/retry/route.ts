// Sends a failed (or stuck) inbound email through the intake pipeline again.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { retryInboundEmail } from "@/lib/intake/staff/retry-inbound-email";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await retryInboundEmail(actor, { id: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
