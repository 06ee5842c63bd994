// Search the audit trail: filters, keyset cursor, newest or oldest first (lib/audit/search.ts).
import { NextResponse } from "next/server";
import { auditInputFromSearchParams, listAuditEntries } from "@/lib/audit/search";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (req, { actor, request }) => {
  const input = auditInputFromSearchParams(new URL(req.url).searchParams, ["order", "cursor", "limit"], { unknown: "reject" });
  return NextResponse.json(await listAuditEntries(actor, input, { request, via: "api" }), { headers: { "cache-control": "no-store" } });
});
