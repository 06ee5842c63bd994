// Claim one specific unassigned case; 409 when it is taken or the version is stale.
import { NextResponse } from "next/server";
import { z } from "zod";
import { claimCase } from "@/lib/cases/claim";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

const ZBody = z.strictObject({ version: z.number().int().min(1).optional() });

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  // The body is optional here: no Content-Type, no body.
  const body = req.headers.get("content-type") ? await jsonBody(req, ZBody) : {};
  return NextResponse.json(await claimCase(actor, { ...body, ref: params.ref }, { request }), { headers: { "cache-control": "no-store" } });
});
