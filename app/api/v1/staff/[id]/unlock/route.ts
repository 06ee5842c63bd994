// Lifts a brute-force lockout.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { unlockStaff } from "@/lib/staff/unlock-staff";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await unlockStaff(actor, { staffId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
