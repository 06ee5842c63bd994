// Presence on one case: POST is a heartbeat (who else is viewing, the case's current version),
// DELETE leaves. Neither changes the case, so neither is audited (refusals are).
import { NextResponse } from "next/server";
import { z } from "zod";
import { heartbeat, leave } from "@/lib/cases/presence";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// Shapes only; heartbeat validates the values.
const ZBody = z.strictObject({ version: z.number().int().min(1).optional() });

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  // The body is optional: without a version the answer simply carries no staleness verdict.
  const body = req.headers.get("content-type") ? await jsonBody(req, ZBody) : {};
  return NextResponse.json(await heartbeat(actor, { ...body, ref: params.ref }, { request }), { headers: { "cache-control": "no-store" } });
});

export const DELETE = apiRoute<{ ref: string }>(async (_req, { params, actor, request }) => {
  await leave(actor, { ref: params.ref }, { request });
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
