// Account search: by uid, bound email (exact or prefix), phone, device id or login IP; each hit says what matched.
import { NextResponse } from "next/server";
import { searchAccounts } from "@/lib/accounts/search-accounts";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (req, { actor, request }) => {
  const params = new URL(req.url).searchParams;
  const limit = params.get("limit");
  // Shapes only; searchAccounts validates (400 INVALID_INPUT with the field).
  const input = { q: params.get("q") ?? "", limit: limit === null || limit === "" ? undefined : Number(limit) };
  return NextResponse.json(await searchAccounts(actor, input, { request }), { headers: { "cache-control": "no-store" } });
});
