// The console's "Download PDF" (session cookie; /api/v1 never accepts cookies). Same use case and
// rules as GET /api/v1/cases/{ref}/report?format=pdf: audit.export with step-up, photos redacted.
import { actionContext } from "@/lib/auth/current";
import { caseReportResponse } from "@/lib/cases/report-response";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";

export const GET = route<{ ref: string }>(async (req, { params, request }) => {
  // It writes an audit entry: only the console itself may ask (not a link on another site).
  const site = req.headers.get("sec-fetch-site")?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none") throw new AppError("FORBIDDEN", "Case reports download only from the Gatehouse console itself.");
  const { actor } = await actionContext();
  return caseReportResponse(actor, params.ref, { format: "PDF", photos: false }, { request, imagePath: (id) => `/api/console/documents/${id}/image` });
});
