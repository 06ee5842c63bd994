// Add an internal note to a case (audited without its text).
import { NextResponse } from "next/server";
import { z } from "zod";
import { addNote } from "@/lib/cases/notes";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

const ZBody = z.strictObject({ body: z.string() });

export const POST = apiRoute<{ ref: string }>(async (req, { params, actor, request }) => {
  const { body } = await jsonBody(req, ZBody);
  return NextResponse.json(await addNote(actor, { ref: params.ref, body }, { request }), { status: 201, headers: { "cache-control": "no-store" } });
});
