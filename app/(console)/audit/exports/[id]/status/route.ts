// The console's progress bar polls this with the session cookie (/api/v1 never accepts cookies):
// the same use case and rules as GET /api/v1/exports/{id} (audit.read; requester or ADMIN only).
import { NextResponse } from "next/server";
import { actionContext } from "@/lib/auth/current";
import { getExport } from "@/lib/exports/get-export";
import { route } from "@/lib/http/handler";

export const GET = route<{ id: string }>(async (_req, { params, request }) => {
  // A background poll: passive, so an unattended progress bar does not keep the session alive.
  const { actor } = await actionContext({ passive: true });
  return NextResponse.json(await getExport(actor, params.id, { request }), { headers: { "cache-control": "no-store" } });
});
