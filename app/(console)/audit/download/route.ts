// The console's audit export: the same streamed export as GET /api/v1/audit/export, for the
// signed-in staff member (session cookie; /api/v1 never accepts cookies). `check=1` runs only the
// checks (permission, step-up, filters, size limit) and answers JSON, so the page can ask for
// step-up or say "too large" before it navigates here for the file.
import { NextResponse } from "next/server";
import { checkAuditExport, exportResponse, streamAuditExport } from "@/lib/audit/export";
import { auditInputFromSearchParams } from "@/lib/audit/search";
import { actionContext } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { isConsoleFetch } from "@/lib/http/origin";

export const GET = route(async (req, { request }) => {
  // A cookie-authenticated GET that writes (an Export row, audit entries): only from the console
  // itself — the audit page's check, then its download link (same-origin), never a pasted URL.
  if (!isConsoleFetch(req.headers)) throw new AppError("FORBIDDEN", "Audit exports start only from the Gatehouse console itself: use the Export buttons on the audit page.");
  const { actor } = await actionContext();
  const params = new URL(req.url).searchParams;
  const input = auditInputFromSearchParams(params, ["format"]);
  if (params.get("check") === "1") return NextResponse.json(await checkAuditExport(actor, input, { request }), { headers: { "cache-control": "no-store" } });
  return exportResponse(await streamAuditExport(actor, input, { request, via: "console" }));
});
