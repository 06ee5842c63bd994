// Assign one case to an agent or supervisor, or release it (assigneeId null). Supervisors only.
import { NextResponse } from "next/server";
import { z } from "zod";
import { assignCases } from "@/lib/cases/assign";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

// Shapes only; assignCases validates the values.
const ZBody = z.strictObject({ assigneeId: z.string().nullable(), version: z.number().int().min(1).optional() });

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  const body = await jsonBody(req, ZBody);
  return NextResponse.json(await assignCases(actor, { refs: [params.ref], ...body }, { request }), { headers: { "cache-control": "no-store" } });
});
