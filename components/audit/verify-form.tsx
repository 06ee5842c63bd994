"use client";

import { useState, type FormEvent } from "react";
import { runVerifyAction } from "@/app/(console)/audit/verify/actions";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { VerifyReport } from "@/lib/audit/run-verify";
import { VerifyResult } from "./verify-result";

/** The range to verify (empty: the whole chain) and the outcome of the last run. */
export function VerifyForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [report, setReport] = useState<VerifyReport | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get("from") ?? "").trim();
    const to = String(form.get("to") ?? "").trim();
    setPending(true);
    setError(undefined);
    try {
      const res = await runVerifyAction({ from: from || undefined, to: to || undefined });
      if (res.ok) setReport(res.data);
      else setError(res.error.message);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} aria-label="Verify the audit chain" className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <FormError message={error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="verify-from" name="from" label="From" hint="Entry number or UTC date (YYYY-MM-DD). Empty: the first entry." maxLength={40} autoComplete="off" spellCheck={false} />
          <Field id="verify-to" name="to" label="To" hint="Entry number or UTC date, inclusive. Empty: the latest entry." maxLength={40} autoComplete="off" spellCheck={false} />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Verifying…" : "Run verification"}
        </Button>
      </form>
      <div aria-live="polite">{report ? <VerifyResult report={report} /> : null}</div>
    </div>
  );
}
