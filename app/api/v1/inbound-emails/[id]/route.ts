// One inbound email: its attachments' vetting outcomes (no images, no storage keys) and our replies.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { getInboundEmail } from "@/lib/intake/staff/get-inbound-email";

export const GET = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await getInboundEmail(actor, { id: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
