// Queues a background audit export (CSV or JSON Lines) written to S3 by the exports worker.
// Needs audit.export with step-up (X-Gatehouse-TOTP). 202 with the export's id and status.
import { NextResponse } from "next/server";
import { z } from "zod";
import { requestExport } from "@/lib/exports/request-export";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// The use case validates the fields (after the permission check); here only "a JSON object".
const ZBody = z.record(z.string(), z.unknown());

export const POST = apiRoute(async (req, { actor, request }) => {
  const body = await jsonBody(req, ZBody);
  const created = await requestExport(actor, body, { request });
  return NextResponse.json(created, { status: 202, headers: { "cache-control": "no-store", location: `/api/v1/exports/${created.id}` } });
});
