// The support dashboard's figures: backlog, SLA, pick-up and decision times, decisions per staff member, inbound volume.
import { NextResponse } from "next/server";
import { getDashboard } from "@/lib/dashboard/get-dashboard";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (req, { actor, request }) => {
  const days = new URL(req.url).searchParams.get("days") ?? undefined;
  return NextResponse.json(await getDashboard(actor, { days }, { request }), { headers: { "cache-control": "no-store" } });
});
