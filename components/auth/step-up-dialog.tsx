"use client";

import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "./form-error";

type Confirm = (input: { password: string } | { code: string }) => Promise<ActionResult<{ steppedUpAt: string }>>;

/** Modal asking for a fresh authenticator code (or the password) before a sensitive action. */
export function StepUpDialog({ onConfirm, onDone }: { onConfirm: Confirm; onDone: (confirmed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [mode, setMode] = useState<"code" | "password">("code");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  async function submit(form: FormData) {
    setBusy(true);
    setError(undefined);
    const value = String(form.get("secret") ?? "");
    const res = await onConfirm(mode === "code" ? { code: value } : { password: value });
    setBusy(false);
    if (res.ok) onDone(true);
    else setError(res.error.message);
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby="step-up-title"
      onCancel={(e) => {
        e.preventDefault();
        onDone(false);
      }}
      className="m-auto w-full max-w-sm rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-950/40"
    >
      <form action={submit} className="space-y-4">
        <h2 id="step-up-title" className="text-lg font-semibold text-slate-900">
          Confirm it is you
        </h2>
        <p className="text-sm text-slate-600">This action needs a fresh confirmation. It lasts 5 minutes.</p>
        <FormError message={error} />
        {mode === "code" ? (
          <Field key="code" id="step-up-code" name="secret" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required autoFocus />
        ) : (
          <Field key="password" id="step-up-password" name="secret" type="password" label="Password" autoComplete="current-password" required autoFocus />
        )}
        <button type="button" className="text-sm font-medium text-brand-700 underline" onClick={() => setMode(mode === "code" ? "password" : "code")}>
          {mode === "code" ? "Use my password instead" : "Use an authenticator code instead"}
        </button>
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={() => onDone(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy}>
            {busy ? "Checking…" : "Confirm"}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
