// Relabels an ID document as FRONT, BACK or UNKNOWN.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { setDocumentSide } from "@/lib/intake/staff/set-document-side";

const ZBody = z.strictObject({ side: z.string().max(32) });

export const POST = apiRoute<{ id: string }>(async (req, { params, actor, request }) => {
  const { side } = await jsonBody(req, ZBody);
  // setDocumentSide validates the value (FRONT, BACK, UNKNOWN) after its permission check.
  return NextResponse.json(await setDocumentSide(actor, { documentId: params.id, side }, { request }), { headers: { "cache-control": "no-store" } });
});
