// An account's login history, newest first: keyset pages (opaque cursor) and server-side filters.
import { NextResponse } from "next/server";
import { listLogins } from "@/lib/accounts/list-logins";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ uid: string }>(async (req, { params, actor, request }) => {
  const q = new URL(req.url).searchParams;
  const opt = (name: string) => q.get(name) || undefined;
  const limit = opt("limit");
  // Shapes only; listLogins validates every value (400 INVALID_INPUT naming the field).
  const input = {
    uid: params.uid,
    deviceId: opt("deviceId"),
    method: opt("method")?.toUpperCase(),
    outcome: opt("outcome")?.toUpperCase(),
    from: opt("from"),
    to: opt("to"),
    cursor: opt("cursor"),
    limit: limit === undefined ? undefined : Number(limit),
  };
  return NextResponse.json(await listLogins(actor, input, { request }), { headers: { "cache-control": "no-store" } });
});
