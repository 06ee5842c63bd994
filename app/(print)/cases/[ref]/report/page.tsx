import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { NotAllowed } from "@/components/auth/not-allowed";
import { pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { buildCaseReport } from "@/lib/cases/report";
import { renderCaseReportBody } from "@/lib/cases/report-html";
import { REPORT_CSS } from "@/lib/cases/report-style";
import { isAppError } from "@/lib/errors";
import { ReportToolbar } from "./report-toolbar";

export const metadata: Metadata = { title: "Case report" };

// The printable case report (audit.read). The body is the same HTML the API and the PDF serve
// (lib/cases/report-html.ts, every value escaped there); this page adds a toolbar that does not print.
export default async function CaseReportPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ ref }, query] = await Promise.all([params, searchParams]);
  const { allowed, actor, session } = await pageSession("audit.read");
  if (!allowed) return <NotAllowed what="Case reports" />;
  const photos = query.photos === "show";
  const report = await buildCaseReport(actor, ref, { format: "HTML", photos }).catch((err: unknown) => {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "INVALID_INPUT")) notFound();
    throw err;
  });
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const role = session.staff.role;
  return (
    <>
      <style nonce={nonce} dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      <ReportToolbar caseRef={report.detail.case.ref} photos={report.photos} canShowPhotos={roleHas(role, "document.view")} canPdf={roleHas(role, "audit.export")} />
      <main id="main" className="case-report" dangerouslySetInnerHTML={{ __html: renderCaseReportBody(report, { imageUrl: (id) => `/api/console/documents/${id}/image` }) }} />
    </>
  );
}
