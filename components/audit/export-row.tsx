"use client";

import { useEffect, useRef, useState } from "react";
import { downloadExportAction } from "@/app/(console)/audit/exports/actions";
import { FormError } from "@/components/auth/form-error";
import { useStepUp } from "@/components/auth/use-step-up";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import type { ExportView } from "@/lib/exports/view";
import { describeFilters, ExportManifestView } from "./export-manifest";

const POLL_MS = 1_000;
const tone: Record<ExportView["status"], BadgeTone> = { QUEUED: "slate", RUNNING: "brand", DONE: "emerald", FAILED: "red", EXPIRED: "amber" };
const label: Record<ExportView["status"], string> = { QUEUED: "Queued", RUNNING: "Running", DONE: "Ready", FAILED: "Failed", EXPIRED: "Expired" };

/** One export: polls its status every second while it is queued or running, then offers the audited download. */
export function ExportRow({ initial }: { initial: ExportView }) {
  const [view, setView] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { run, dialog } = useStepUp();
  const active = view.status === "QUEUED" || view.status === "RUNNING";
  const bar = useRef<HTMLDivElement>(null);

  // Width through the CSSOM, not a style attribute: the CSP allows no inline style attributes.
  useEffect(() => {
    if (bar.current) bar.current.style.width = `${view.progress}%`;
  }, [view.progress, active]);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/audit/exports/${view.id}/status`, { cache: "no-store", headers: { accept: "application/json" } });
        if (res.status === 401 && !stopped) {
          // The poll does not count as activity: once the session has ended, reload into sign-in.
          stopped = true;
          clearInterval(timer);
          window.location.reload();
          return;
        }
        if (res.ok && !stopped) setView((await res.json()) as ExportView);
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, view.id]);

  async function download() {
    setBusy(true);
    setError(undefined);
    const res = await run(() => downloadExportAction(view.id));
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    // The link lives under a minute and is used once, right now.
    window.location.assign(res.data.url);
  }

  const filters = describeFilters(view.filters);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex items-center gap-2 text-sm font-semibold text-slate-900">
            {view.format} export <Badge tone={tone[view.status]}>{label[view.status]}</Badge>
          </p>
          <p className="text-xs break-words text-slate-600">{filters || "All entries"}</p>
          <p className="text-xs text-slate-500">
            Requested {formatDateTime(view.createdAt)}
            {view.expiresAt && view.status === "DONE" ? ` · file kept until ${formatDateTime(view.expiresAt)}` : ""}
          </p>
        </div>
        {view.status === "DONE" ? (
          <Button variant="secondary" onClick={download} disabled={busy}>
            {busy ? "Preparing…" : "Download"}
          </Button>
        ) : null}
      </div>
      {active ? (
        <div className="mt-3">
          <div
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={view.progress}
            className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
          >
            <div ref={bar} className="h-full w-0 bg-brand-600 transition-[width]" />
          </div>
          <p className="mt-1 text-xs text-slate-600" aria-live="polite">
            {view.progress}% · {view.rowsDone.toLocaleString("en")}
            {view.rowsTotal !== null ? ` of ${view.rowsTotal.toLocaleString("en")}` : ""} entries
          </p>
        </div>
      ) : null}
      {view.status === "FAILED" && view.error ? <p className="mt-2 text-sm text-red-700">{view.error}</p> : null}
      {view.status === "DONE" && view.manifest ? <ExportManifestView manifest={view.manifest} /> : null}
      <FormError message={error} />
      {dialog}
    </li>
  );
}
