// Who the calling API token acts as: the owner, the token's role and expiry.
import { NextResponse } from "next/server";
import { describeApiCaller } from "@/lib/auth/api-tokens";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (_req, { actor, request }) =>
  NextResponse.json(await describeApiCaller(actor, { request }), { headers: { "cache-control": "no-store" } }),
);
