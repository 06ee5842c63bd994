// The console's "Download PDF" (session cookie; /api/v1 never accepts cookies). Same use case and
// rules as GET /api/v1/cases/{ref}/report?format=pdf: audit.export with step-up, photos redacted.
import { actionContext } from "@/lib/auth/current";
import { caseReportResponse } from "@/lib/cases/report-response";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { isConsoleFetch } from "@/lib/http/origin";

export const GET = route<{ ref: string }>(async (req, { params, request }) => {
  // It writes an audit entry and carries personal data: only the report page's own fetch
  // (same-origin) may ask — not a link on another site, not a pasted URL.
  if (!isConsoleFetch(req.headers)) throw new AppError("FORBIDDEN", "Case reports download only from the Gatehouse console itself: use Download PDF on the report page.");
  const { actor } = await actionContext();
  return caseReportResponse(actor, params.ref, { format: "PDF", photos: false }, { request, imagePath: (id) => `/api/console/documents/${id}/image` });
});
