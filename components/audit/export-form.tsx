"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { requestExportAction } from "@/app/(console)/audit/exports/actions";
import { FormError } from "@/components/auth/form-error";
import { useStepUp } from "@/components/auth/use-step-up";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** "GH-000123, GH-000124" or one per line → refs; the server checks each. */
function parseRefs(text: string): string[] | undefined {
  const refs = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  return refs.length ? refs : undefined;
}

/** Format, UTC date range (both days included) and optional case refs of a new background export. Asks for step-up first. */
export function ExportForm() {
  const router = useRouter();
  const { run, dialog } = useStepUp();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const today = new Date();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get("from") ?? "");
    const toDay = String(form.get("to") ?? "");
    // The end day is included: the range ends at the next midnight (UTC), exclusive.
    const to = /^\d{4}-\d{2}-\d{2}$/.test(toDay) ? isoDay(new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY)) : toDay;
    const format = form.get("format") === "JSONL" ? "JSONL" : "CSV";
    setBusy(true);
    setError(undefined);
    const res = await run(() => requestExportAction({ format, from, to, cases: parseRefs(String(form.get("cases") ?? "")) }));
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  }

  return (
    <form onSubmit={submit} aria-labelledby="export-form-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="export-form-title" className="font-semibold text-slate-900">
        New export
      </h2>
      <FormError message={error} />
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="space-y-1.5">
          <label htmlFor="export-format" className="block text-sm font-medium text-slate-800">
            Format
          </label>
          <select
            id="export-format"
            name="format"
            defaultValue="CSV"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          >
            <option value="CSV">CSV (spreadsheets)</option>
            <option value="JSONL">JSON Lines (tools)</option>
          </select>
        </div>
        <Field id="export-from" name="from" type="date" label="From (UTC)" defaultValue={isoDay(new Date(today.getTime() - 30 * DAY))} required />
        <Field id="export-to" name="to" type="date" label="To (UTC, included)" defaultValue={isoDay(today)} required />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="export-cases" className="block text-sm font-medium text-slate-800">
          Cases <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <textarea
          id="export-cases"
          name="cases"
          rows={2}
          aria-describedby="export-cases-hint"
          placeholder="GH-000123, GH-000124"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
        />
        <p id="export-cases-hint" className="text-xs text-slate-500">
          Only these cases’ entries; empty for every entry in the range. Separate references with commas or new lines.
        </p>
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Queuing…" : "Start export"}
      </Button>
      {dialog}
    </form>
  );
}
