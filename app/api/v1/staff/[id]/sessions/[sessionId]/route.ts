// Ends one session of a member.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { revokeStaffSession } from "@/lib/staff/revoke-staff-session";

export const DELETE = apiRoute<{ id: string; sessionId: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await revokeStaffSession(actor, { staffId: params.id, sessionId: params.sessionId }, { request }), {
    headers: { "cache-control": "no-store" },
  }),
);
