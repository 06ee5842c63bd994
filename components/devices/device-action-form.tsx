"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { reasonText } from "./labels";

export interface DeviceActionValues {
  reasonCode: string;
  note?: string;
  caseRef?: string;
}

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none disabled:bg-slate-100";

/**
 * The small form behind each device button: reason code, note, and (when the action can go
 * through a review case) the case reference. The server validates everything again.
 */
export function DeviceActionForm({
  idPrefix,
  title,
  submitLabel,
  reasons,
  withCase,
  caseHint,
  busy,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  title: string;
  submitLabel: string;
  reasons: readonly string[];
  withCase: boolean;
  caseHint?: string;
  busy: boolean;
  onSubmit: (values: DeviceActionValues) => void;
  onCancel: () => void;
}) {
  const [reasonCode, setReasonCode] = useState("");
  const [note, setNote] = useState("");
  const [caseRef, setCaseRef] = useState("");
  const noteRequired = reasonCode === "OTHER";

  return (
    <form
      aria-label={title}
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ reasonCode, note: note.trim() || undefined, caseRef: withCase ? caseRef.trim() || undefined : undefined });
      }}
    >
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      <div className="space-y-1.5">
        <label htmlFor={`${idPrefix}-reason`} className="block text-sm font-medium text-slate-800">
          Reason
        </label>
        <select id={`${idPrefix}-reason`} className={inputClass} value={reasonCode} onChange={(e) => setReasonCode(e.target.value)} required>
          <option value="" disabled>
            Choose a reason…
          </option>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {reasonText[r] ?? r}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${idPrefix}-note`} className="block text-sm font-medium text-slate-800">
          Note{noteRequired ? "" : " (optional)"}
        </label>
        <textarea id={`${idPrefix}-note`} className={inputClass} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} required={noteRequired} />
      </div>
      {withCase ? (
        <Field
          id={`${idPrefix}-case`}
          label="Review case (optional)"
          hint={caseHint}
          placeholder="GH-000123"
          value={caseRef}
          onChange={(e) => setCaseRef(e.target.value)}
          maxLength={32}
          autoComplete="off"
          spellCheck={false}
          required={reasonCode === "CASE_APPROVED"}
        />
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy || !reasonCode}>
          {busy ? "Working…" : submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
