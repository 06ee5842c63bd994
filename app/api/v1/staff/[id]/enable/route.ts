// Re-enables a disabled staff member (a new invite link when they never accepted theirs).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { enableStaff } from "@/lib/staff/enable-staff";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await enableStaff(actor, { staffId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
