"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { placeLegalHoldAction } from "@/app/(console)/admin/legal-holds/actions";
import { FormError } from "@/components/auth/form-error";
import { useStepUp } from "@/components/auth/use-step-up";
import { ActionStatus, type ActionStatusValue } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Places a hold on a case (by reference) or on an account (every case of it, by uid). */
export function LegalHoldForm() {
  const router = useRouter();
  const [on, setOn] = useState<"case" | "account">("case");
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<ActionStatusValue>(null);
  const [formKey, setFormKey] = useState(0);
  // Holds guard evidence: placing one needs a fresh confirmation (step-up), asked for when the server says so.
  const stepUp = useStepUp();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = String(form.get("target") ?? "").trim();
    const reason = String(form.get("reason") ?? "");
    setPending(true);
    setStatus(null);
    try {
      const res = await stepUp.run(() => placeLegalHoldAction(on === "case" ? { caseRef: target, reason } : { accountUid: target, reason }));
      if (!res.ok) return setStatus({ tone: "error", text: res.error.message });
      setStatus({ tone: "ok", text: `Hold placed on ${res.data.caseRef ?? `account ${res.data.accountUid}`}.` });
      setFormKey((k) => k + 1);
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      {stepUp.dialog}
      <form key={formKey} onSubmit={submit} aria-label="Place a legal hold" className="max-w-2xl space-y-4">
      <FormError message={status?.tone === "error" ? status.text : undefined} />
      {status?.tone === "ok" ? <ActionStatus status={status} /> : null}
      <fieldset className="flex gap-6 text-sm">
        <legend className="mb-1.5 block text-sm font-medium text-slate-800">Hold</legend>
        {(["case", "account"] as const).map((v) => (
          <label key={v} className="inline-flex items-center gap-2">
            <input type="radio" name="on" value={v} checked={on === v} onChange={() => setOn(v)} />
            {v === "case" ? "One case" : "Every case of an account"}
          </label>
        ))}
      </fieldset>
      <Field
        id="hold-target"
        name="target"
        label={on === "case" ? "Case reference" : "Account uid"}
        placeholder={on === "case" ? "GH-000123" : "U…"}
        maxLength={64}
        required
        autoComplete="off"
        spellCheck={false}
      />
      <div className="space-y-1.5">
        <label htmlFor="hold-reason" className="block text-sm font-medium text-slate-800">
          Reason
        </label>
        <textarea
          id="hold-reason"
          name="reason"
          required
          minLength={10}
          maxLength={1000}
          rows={3}
          aria-describedby="hold-reason-hint"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
        />
        <p id="hold-reason-hint" className="text-xs text-slate-500">
          The matter or request behind the hold, for whoever releases it. Not copied into the audit trail.
        </p>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Placing…" : "Place hold"}
      </Button>
    </form>
    </>
  );
}
