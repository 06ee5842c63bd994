// Reopen an approved or rejected case within CASE_REOPEN_WINDOW_HOURS (supervisors). The device is left as it is.
import { NextResponse } from "next/server";
import { z } from "zod";
import { reopenCase } from "@/lib/cases/reopen";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// Shapes only; reopenCase validates the values.
const ZBody = z.strictObject({ reason: z.string().max(4000), version: z.number().int() });

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZBody);
  return NextResponse.json(await reopenCase(actor, { ref: params.ref, ...body }, { request }), { headers: { "cache-control": "no-store" } });
});
