// Four-eyes requests, newest first: ?status=PENDING (default) | APPROVED | DECLINED | CANCELLED, &accountUid=, &limit=, &cursor=.
import { NextResponse } from "next/server";
import { listApprovals } from "@/lib/approvals/list-approvals";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (req, { actor, request }) => {
  const params = new URL(req.url).searchParams;
  const input = {
    // Shapes only; listApprovals validates the values (400 INVALID_INPUT with the field).
    status: params.get("status")?.trim().toUpperCase() || undefined,
    accountUid: params.get("accountUid") || undefined,
    limit: params.get("limit") || undefined,
    cursor: params.get("cursor") || undefined,
  };
  return NextResponse.json(await listApprovals(actor, input, { request }), { headers: { "cache-control": "no-store" } });
});
