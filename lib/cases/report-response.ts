import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { buildCaseReport, type ReportFormat } from "./report";
import { renderCaseReportDocument } from "./report-html";
import { renderPdf } from "./report-pdf";

// The HTTP side of the case report, shared by GET /api/v1/cases/{ref}/report (Bearer) and the
// console's PDF link (session cookie): query parsing, rendering and the response headers.

export interface ReportQuery {
  format: ReportFormat;
  photos: boolean;
}

/** ?format=html|pdf (default html) and ?photos=show|redacted (default redacted); 400 otherwise. */
export function parseReportQuery(query: URLSearchParams): ReportQuery {
  const format = (query.get("format") ?? "html").toLowerCase();
  const photos = (query.get("photos") ?? "redacted").toLowerCase();
  if (format !== "html" && format !== "pdf") throw new AppError("INVALID_INPUT", "format must be html or pdf.", { fields: [{ path: "format", message: "html or pdf" }] });
  if (photos !== "show" && photos !== "redacted") throw new AppError("INVALID_INPUT", "photos must be show or redacted.", { fields: [{ path: "photos", message: "show or redacted" }] });
  return { format: format === "pdf" ? "PDF" : "HTML", photos: photos === "show" };
}

const common = { "cache-control": "no-store, private", "x-content-type-options": "nosniff" };

/** `imagePath`: the image route the HTML's <img> tags use (shown photos only). */
export async function caseReportResponse(actor: Actor, ref: string, query: ReportQuery, opts: { request: RequestContext; imagePath: (documentId: string) => string }): Promise<Response> {
  const report = await buildCaseReport(actor, ref, { format: query.format, photos: query.photos, request: opts.request });
  const document = renderCaseReportDocument(report, { imageUrl: opts.imagePath });
  if (query.format === "HTML") {
    return new Response(document, { status: 200, headers: { ...common, "content-type": "text/html; charset=utf-8" } });
  }
  const pdf = await renderPdf(document);
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: { ...common, "content-type": "application/pdf", "content-length": String(pdf.byteLength), "content-disposition": `attachment; filename="case-report-${report.detail.case.ref}.pdf"` },
  });
}
