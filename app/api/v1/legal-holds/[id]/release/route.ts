// Releases an active legal hold; the retention purge may take the photos at its next run.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { releaseLegalHold } from "@/lib/retention/holds";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await releaseLegalHold(actor, { holdId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
