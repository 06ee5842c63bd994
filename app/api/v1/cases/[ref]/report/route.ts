// The printable case report: ?format=html (audit.read) or ?format=pdf (audit.export + step-up,
// rendered by headless Chromium). ID photos redacted unless ?photos=show (HTML, document.view).
import { caseReportResponse, parseReportQuery } from "@/lib/cases/report-response";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ ref: string }>((req, { params, actor, request }) =>
  caseReportResponse(actor, params.ref, parseReportQuery(new URL(req.url).searchParams), { request, imagePath: (id) => `/api/v1/documents/${id}/image` }),
);
