// One staff member: details (sessions, recent sign-in failures and lockouts), or a role change.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { changeRole } from "@/lib/staff/change-role";
import { getStaff } from "@/lib/staff/get-staff";
import { ZStaffRole } from "@/lib/staff/shared";

const noStore = { "cache-control": "no-store" };
const ZBody = z.strictObject({ role: ZStaffRole });

export const GET = apiRoute<{ id: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await getStaff(actor, { staffId: params.id }, { request }), { headers: noStore }),
);

export const PATCH = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const { role } = await jsonBody(req, ZBody);
  return NextResponse.json(await changeRole(actor, { staffId: params.id, role }, { request }), { headers: noStore });
});
