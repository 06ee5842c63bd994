// The export's file: audited (audit.export_downloaded), then 302 to a presigned S3 link that lives
// EXPORT_LINK_SECONDS (≤ 60 s). Needs audit.export with step-up; 410 once the file has expired.
import { downloadExport, goneFromError } from "@/lib/exports/download-export";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ id: string }>(async (_req, { params, actor, request }) => {
  try {
    const link = await downloadExport(actor, params.id, { request });
    return new Response(null, { status: 302, headers: { location: link.url, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
  } catch (err) {
    const gone = goneFromError(err, request.requestId);
    if (gone) return gone;
    throw err;
  }
});
