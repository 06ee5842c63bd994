// Removes a member's authenticator and recovery codes; their next sign-in enrols again.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { resetMfa } from "@/lib/staff/reset-mfa";

export const POST = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await resetMfa(actor, { staffId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
