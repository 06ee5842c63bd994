// The review queue: saved views, filters, four sorts, keyset cursor (lib/cases/list-cases.ts).
import { NextResponse } from "next/server";
import { listCases } from "@/lib/cases/list-cases";
import { queryFromSearchParams } from "@/lib/cases/query-params";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (req, { actor, request }) =>
  NextResponse.json(await listCases(actor, queryFromSearchParams(new URL(req.url).searchParams, { unknown: "reject" }), { request }), { headers: { "cache-control": "no-store" } }),
);
