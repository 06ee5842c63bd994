// Links an unmatched inbound email to an account by its user id; the pipeline runs again with it.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { linkInboundEmail } from "@/lib/intake/staff/link-inbound-email";

const ZBody = z.strictObject({ accountUid: z.string().max(256) });

export const POST = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const { accountUid } = await jsonBody(req, ZBody);
  return NextResponse.json(await linkInboundEmail(actor, { id: params.id, accountUid }, { request }), { headers: { "cache-control": "no-store" } });
});
