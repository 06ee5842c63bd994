// The second supervisor's APPROVE or DECLINE on a risky approval (four-eyes). APPROVE needs step-up (X-Gatehouse-TOTP).
import { NextResponse } from "next/server";
import { z } from "zod";
import { decideSecondApproval } from "@/lib/cases/second-approval";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// Shapes only; decideSecondApproval validates the values.
const ZBody = z.strictObject({ decision: z.string().max(40), note: z.string().max(4000).optional(), version: z.number().int() });

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZBody);
  return NextResponse.json(await decideSecondApproval(actor, { ref: params.ref, ...body }, { request }), { headers: { "cache-control": "no-store" } });
});
