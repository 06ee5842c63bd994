// One background export: status, progress, manifest, and the download route once DONE.
import { NextResponse } from "next/server";
import { getExport } from "@/lib/exports/get-export";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await getExport(actor, params.id, { request }), { headers: { "cache-control": "no-store" } }),
);
