// Revokes one of the caller's own API tokens (the calling token itself included).
import { NextResponse } from "next/server";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { apiRoute } from "@/lib/http/api-route";

export const DELETE = apiRoute<{ id: string }>(async (_req, { actor, params, request }) =>
  NextResponse.json(await revokeApiToken(actor, { tokenId: params.id }, { request }), { headers: { "cache-control": "no-store" } }),
);
