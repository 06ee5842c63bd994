// One account: identity, devices (with the expiry countdown), login-derived risk flags with evidence, cases.
import { NextResponse } from "next/server";
import { getAccount } from "@/lib/accounts/get-account";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ uid: string }>(async (_req, { params, actor, request }) =>
  NextResponse.json(await getAccount(actor, { uid: params.uid }, { request }), { headers: { "cache-control": "no-store" } }),
);
