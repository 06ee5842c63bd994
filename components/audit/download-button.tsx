"use client";

import { useState } from "react";
import { useStepUp } from "@/components/auth/use-step-up";
import { ActionStatus, type ActionStatusValue } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";

type Format = "csv" | "jsonl";

/** The export's checks (permission, step-up, size), as an ActionResult so useStepUp can retry after the dialog. */
async function check(query: string): Promise<ActionResult<{ rows: number }>> {
  const res = await fetch(`/audit/download?check=1&${query}`, { headers: { accept: "application/json" }, cache: "no-store" });
  const body: unknown = await res.json().catch(() => null);
  if (res.ok && body && typeof body === "object" && "rows" in body && typeof body.rows === "number") return { ok: true, data: { rows: body.rows } };
  const error = body && typeof body === "object" && "error" in body ? (body.error as { code?: string; message?: string; requestId?: string }) : null;
  return {
    ok: false,
    error: { code: error?.code === "STEP_UP_REQUIRED" || error?.code === "UNPROCESSABLE" || error?.code === "FORBIDDEN" || error?.code === "INVALID_INPUT" ? error.code : "INTERNAL", message: error?.message ?? "The export could not start.", requestId: error?.requestId },
  };
}

/**
 * "Export CSV / JSONL" for the filters on the page. Exports need a fresh step-up: the button runs
 * the export's checks first (asking for the password or a code when the server says so), then
 * navigates to the streamed download, which the browser saves as it arrives.
 */
export function DownloadButtons({ queries }: { queries: Record<Format, string> }) {
  const { run, dialog } = useStepUp();
  const [busy, setBusy] = useState<Format | null>(null);
  const [status, setStatus] = useState<ActionStatusValue>(null);

  async function start(format: Format) {
    setBusy(format);
    setStatus(null);
    const res = await run(() => check(queries[format]));
    setBusy(null);
    if (!res.ok) {
      setStatus({ tone: "error", text: res.error.message });
      return;
    }
    setStatus({ tone: "ok", text: `Downloading ${res.data.rows.toLocaleString("en")} entries as ${format.toUpperCase()}. Its manifest (row count, chain head, SHA-256) is under Exports.` });
    // A link click, not a client-side navigation: the route answers with a file, not a page.
    const a = document.createElement("a");
    a.href = `/audit/download?${queries[format]}`;
    a.download = "";
    a.click();
  }

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {(["csv", "jsonl"] as const).map((f) => (
          <Button key={f} variant="secondary" disabled={busy !== null} onClick={() => void start(f)}>
            {busy === f ? "Checking…" : `Export ${f === "csv" ? "CSV" : "JSON Lines"}`}
          </Button>
        ))}
      </div>
      <ActionStatus status={status} />
      {dialog}
    </div>
  );
}
