// Staff members: list them, or add one (invited by a one-time link unless a password is given).
import { NextResponse } from "next/server";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { createStaff, ZCreateStaffInput } from "@/lib/staff/create-staff";
import { listStaff } from "@/lib/staff/list-staff";

const noStore = { "cache-control": "no-store" };

export const GET = apiRoute(async (_req, { actor, request }) =>
  NextResponse.json({ staff: await listStaff(actor, { request }) }, { headers: noStore }),
);

export const POST = apiRoute(async (req, { actor, request }) => {
  const input = await jsonBody(req, ZCreateStaffInput.strict());
  return NextResponse.json(await createStaff(actor, input, { request, via: "api" }), { status: 201, headers: noStore });
});
