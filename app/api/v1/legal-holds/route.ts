// Legal holds: list them (audit.read), or place one on a case or an account (retention.manage).
import { NextResponse } from "next/server";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { listLegalHolds, placeLegalHold, ZPlaceLegalHoldInput } from "@/lib/retention/holds";

const noStore = { "cache-control": "no-store" };

export const GET = apiRoute(async (_req, { actor, request }) => NextResponse.json({ holds: await listLegalHolds(actor, { request }) }, { headers: noStore }));

export const POST = apiRoute(async (req, { actor, request }) => {
  const input = await jsonBody(req, ZPlaceLegalHoldInput);
  return NextResponse.json(await placeLegalHold(actor, input, { request }), { status: 201, headers: noStore });
});
