// Streamed audit export as CSV or JSON Lines (lib/audit/export/stream.ts). Needs audit.export with
// step-up: send X-Gatehouse-TOTP. The manifest is at GET /api/v1/exports/{X-Gatehouse-Export-Id}.
import { auditInputFromSearchParams } from "@/lib/audit/search";
import { exportResponse, streamAuditExport } from "@/lib/audit/export";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (req, { actor, request }) => {
  const input = auditInputFromSearchParams(new URL(req.url).searchParams, ["format"], { unknown: "reject" });
  return exportResponse(await streamAuditExport(actor, input, { request, via: "api" }));
});
