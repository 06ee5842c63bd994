// Inbound emails, newest first: what happened to each delivery (status, sender, match, verdicts, errors).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { listInboundEmails } from "@/lib/intake/staff/list-inbound-emails";

export const GET = apiRoute(async (req, { actor, request }) => {
  const params = new URL(req.url).searchParams;
  const status = params.getAll("status").flatMap((s) => s.split(",")).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const limit = params.get("limit");
  const input = {
    // Shapes only; listInboundEmails validates the values (400 INVALID_INPUT with the field).
    status: status.length ? status : undefined,
    q: params.get("q") ?? undefined,
    cursor: params.get("cursor") || undefined,
    limit: limit === null || limit === "" ? undefined : Number(limit),
  };
  return NextResponse.json(await listInboundEmails(actor, input, { request }), { headers: { "cache-control": "no-store" } });
});
