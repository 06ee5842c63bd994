// Approves or declines a four-eyes device authorisation request: a supervisor other than the
// requester. Approving authorises the device (step-up: X-Gatehouse-TOTP).
import { NextResponse } from "next/server";
import { z } from "zod";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

const ZBody = z.strictObject({ decision: z.string().max(16), note: z.string().max(4000).optional() });

export const POST = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZBody);
  return NextResponse.json(await decideApproval(actor, { ...body, approvalId: params.id }, { request }), { headers: { "cache-control": "no-store" } });
});
