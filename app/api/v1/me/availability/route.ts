// The caller's availability for auto-assignment: GET reads it, PUT switches it ({ autoAssign }).
import { NextResponse } from "next/server";
import { getAvailability, setAvailability, ZSetAvailabilityInput } from "@/lib/cases/availability";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

const noStore = { "cache-control": "no-store" };

export const GET = apiRoute(async (_req, { actor, request }) => NextResponse.json(await getAvailability(actor, { request }), { headers: noStore }));

export const PUT = apiRoute(async (req, { actor, request }) => {
  const input = await jsonBody(req, ZSetAvailabilityInput);
  return NextResponse.json(await setAvailability(actor, input, { request }), { headers: noStore });
});
