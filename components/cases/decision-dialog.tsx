"use client";

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";

const textareaClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

/**
 * The modal shell every decision form uses: a <dialog> opened with showModal (focus moves in and
 * stays there, Escape cancels), the form's error as an alert, and Cancel / submit buttons with a
 * loading label. Focus goes back to what had it before (or to the decision panel) on close.
 * The dialog is the confirmation step: it states the consequence before anything is sent.
 */
export function DecisionDialog({
  id,
  title,
  children,
  submitLabel,
  busyLabel,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  id: string;
  title: string;
  children: ReactNode;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  error?: string;
  onSubmit: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const before = document.activeElement;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
      const back = before instanceof HTMLElement && before.isConnected && before !== document.body ? before : document.getElementById("decision-panel");
      back?.focus();
    };
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!busy) onSubmit();
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-6 shadow-xl backdrop:bg-slate-950/40"
    >
      <form noValidate onSubmit={submit} className="space-y-4">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {children}
        <FormError message={error} />
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy} aria-busy={busy} className="min-w-32">
            {busy ? busyLabel : submitLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

/** A labelled multi-line field with its hint (and a live character count). */
export function NoteField({
  id,
  label,
  hint,
  value,
  onChange,
  max = 2000,
  autoFocus,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  max?: number;
  autoFocus?: boolean;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} maxLength={max} rows={3} aria-describedby={`${id}-hint`} autoFocus={autoFocus} className={textareaClass} />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint} {value.length}/{max}
      </p>
    </div>
  );
}

/** Form state shared by the dialogs: the error shown and a submit wrapper that sets it. */
export function useDialogError(): [string | undefined, (check: () => string | null, send: () => Promise<{ ok: boolean; message?: string; conflict?: boolean }>) => Promise<void>] {
  const [error, setError] = useState<string>();
  async function attempt(check: () => string | null, send: () => Promise<{ ok: boolean; message?: string; conflict?: boolean }>) {
    const problem = check();
    setError(problem ?? undefined);
    if (problem) return;
    const res = await send();
    if (!res.ok && !res.conflict) setError(res.message);
  }
  return [error, attempt];
}
