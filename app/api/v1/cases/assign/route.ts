// Bulk-assign up to 100 cases to one agent or supervisor, or release them (assigneeId null). Supervisors only.
import { NextResponse } from "next/server";
import { z } from "zod";
import { assignCases } from "@/lib/cases/assign";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// Shapes only; assignCases validates the values.
const ZBody = z.strictObject({ refs: z.array(z.string()).max(100), assigneeId: z.string().nullable() });

export const POST = apiRoute(async (req, { actor, request }) => {
  const body = await jsonBody(req, ZBody);
  return NextResponse.json(await assignCases(actor, body, { request }), { headers: { "cache-control": "no-store" } });
});
