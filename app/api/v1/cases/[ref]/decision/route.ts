// Decide a case: APPROVE, REJECT, REQUEST_RESUBMISSION or ESCALATE. Approving needs step-up
// (X-Gatehouse-TOTP); a risky approval answers 202 (waiting for a second supervisor).
import { NextResponse } from "next/server";
import { z } from "zod";
import { decideCase } from "@/lib/cases/decide";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// Shapes only; decideCase validates the values.
const ZBody = z.strictObject({
  decision: z.string().max(40),
  reasonCodes: z.array(z.string().max(64)).max(20).optional(),
  note: z.string().max(4000).optional(),
  version: z.number().int(),
});

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZBody);
  const result = await decideCase(actor, { ref: params.ref, ...body }, { request });
  return NextResponse.json(result, { status: result.outcome === "PENDING_SECOND_APPROVAL" ? 202 : 200, headers: { "cache-control": "no-store" } });
});
