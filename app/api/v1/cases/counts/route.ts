// How many cases each saved view of the queue holds, plus unmatched inbound emails.
import { NextResponse } from "next/server";
import { queueCounts } from "@/lib/cases/queue-counts";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (_req, { actor, request }) => NextResponse.json(await queueCounts(actor, { request }), { headers: { "cache-control": "no-store" } }));
