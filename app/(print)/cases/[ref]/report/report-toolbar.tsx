"use client";

import Link from "next/link";
import { useState } from "react";
import { FormError } from "@/components/auth/form-error";
import { useStepUp } from "@/components/auth/use-step-up";
import { Button, buttonClass } from "@/components/ui/button";
import type { ErrorCode } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action-result";

/** Print, show/hide photos, download the PDF (step-up first when needed). Hidden when printing. */
export function ReportToolbar({ caseRef, photos, canShowPhotos, canPdf }: { caseRef: string; photos: "redacted" | "shown"; canShowPhotos: boolean; canPdf: boolean }) {
  const { run, dialog } = useStepUp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const base = `/cases/${encodeURIComponent(caseRef)}/report`;

  async function downloadPdf() {
    setBusy(true);
    setError(undefined);
    const res = await run(async (): Promise<ActionResult<Blob>> => {
      const r = await fetch(`${base}/pdf`, { cache: "no-store" });
      if (r.ok) return { ok: true, data: await r.blob() };
      const body = (await r.json().catch(() => null)) as { error?: { code: ErrorCode; message: string } } | null;
      return { ok: false, error: body?.error ?? { code: "INTERNAL", message: "The PDF could not be made. Try again." } };
    });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    const url = URL.createObjectURL(res.data);
    const a = document.createElement("a");
    a.href = url;
    a.download = `case-report-${caseRef}.pdf`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <div className="no-print sticky top-0 z-10 border-b border-slate-200 bg-white/95 px-4 py-3 print:hidden">
      <div className="mx-auto flex max-w-[60rem] flex-wrap items-center gap-3">
        <Link href={`/cases/${encodeURIComponent(caseRef)}`} className="text-sm font-medium text-brand-700 underline">
          Back to {caseRef}
        </Link>
        <span className="flex-1" />
        {canShowPhotos ? (
          <Link href={photos === "shown" ? base : `${base}?photos=show`} className={buttonClass("secondary")}>
            {photos === "shown" ? "Redact photos" : "Show photos (audited)"}
          </Link>
        ) : null}
        <Button variant="secondary" onClick={() => window.print()}>
          Print
        </Button>
        {canPdf ? (
          <Button onClick={downloadPdf} disabled={busy}>
            {busy ? "Making PDF…" : "Download PDF"}
          </Button>
        ) : null}
      </div>
      <div className="mx-auto max-w-[60rem]">
        <FormError message={error} />
      </div>
      {dialog}
    </div>
  );
}
