// One case: the queue row plus decision, account, device, documents' metadata, notes and timeline.
import { NextResponse } from "next/server";
import { getCase } from "@/lib/cases/get-case";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ ref: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await getCase(actor, params.ref, { request }), { headers: { "cache-control": "no-store" } }),
);
