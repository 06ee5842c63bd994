// Disables a staff member and ends their sessions.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { disableStaff } from "@/lib/staff/disable-staff";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await disableStaff(actor, { staffId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
