// Queues the "please send a JPEG" reply for an attachment whose preview is unavailable.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { askForJpeg } from "@/lib/intake/staff/ask-for-jpeg";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await askForJpeg(actor, { id: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
