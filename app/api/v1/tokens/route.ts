// The caller's own personal API tokens: list them, or create one (the token is in the response, once).
import { NextResponse } from "next/server";
import { createApiToken, listApiTokens, ZCreateApiTokenInput } from "@/lib/auth/api-tokens";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

const noStore = { "cache-control": "no-store" };

export const GET = apiRoute(async (_req, { actor, request }) =>
  NextResponse.json({ tokens: await listApiTokens(actor, { request }) }, { headers: noStore }),
);

export const POST = apiRoute(async (req, { actor, request }) => {
  const input = await jsonBody(req, ZCreateApiTokenInput);
  return NextResponse.json(await createApiToken(actor, input, { request, via: "api" }), { status: 201, headers: noStore });
});
