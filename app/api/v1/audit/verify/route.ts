// Recompute the audit hash chain (or a range of it) and check its anchors. POST: it writes an
// audit entry (audit.chain_verified) and may take seconds on a long chain.
import { NextResponse } from "next/server";
import { verifyAuditChain, ZVerifyInput } from "@/lib/audit/run-verify";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const POST = apiRoute(async (req, { actor, request }) => {
  // An empty body verifies the whole chain.
  const input = req.headers.get("content-length") === "0" || !req.body ? {} : await jsonBody(req, ZVerifyInput);
  return NextResponse.json(await verifyAuditChain(actor, input, { request, via: "api" }), { headers: { "cache-control": "no-store" } });
});
