// A member's active sessions: list them, or end them all.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { getStaff } from "@/lib/staff/get-staff";
import { revokeAllStaffSessions } from "@/lib/staff/revoke-staff-session";

const noStore = { "cache-control": "no-store" };

export const GET = apiRoute<{ id: string }>(async (_req, { params, actor, request }) => {
  const { sessions } = await getStaff(actor, { staffId: params.id }, { request });
  return NextResponse.json({ sessions }, { headers: noStore });
});

export const DELETE = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await revokeAllStaffSessions(actor, { staffId: params.id }, { request }), { headers: noStore }),
);
