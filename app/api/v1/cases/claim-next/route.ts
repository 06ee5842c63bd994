// Claim the most urgent unassigned case (FOR UPDATE SKIP LOCKED); { case: null } when none is left.
import { NextResponse } from "next/server";
import { claimNext } from "@/lib/cases/claim";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute(async (_req, { actor, request }) => NextResponse.json(await claimNext(actor, { request }), { headers: { "cache-control": "no-store" } }));
