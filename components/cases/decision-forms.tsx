"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { DecisionDialog, NoteField, useDialogError } from "./decision-dialog";
import { REJECT_REASONS, RESUBMISSION_REASONS, reasonText, resubmissionPreview } from "./decision-labels";
import { riskFlagText } from "./labels";
import type { Attempt } from "./use-decision-action";

type Send<V> = (values: V) => Promise<Attempt>;
type Common = { caseRef: string; busy: boolean; onClose: () => void };

const flagList = (flags: string[]) => flags.map((f) => riskFlagText[f] ?? f).join(", ");

/** Approve: says what happens (device authorised, or sent to a second supervisor for these flags). */
export function ApproveDialog({
  caseRef,
  busy,
  onClose,
  onSend,
  fourEyesFlags,
  device,
  blockOverride,
}: Common & { onSend: Send<{ note: string }>; fourEyesFlags: string[]; device: string | null; blockOverride: boolean }) {
  const [note, setNote] = useState("");
  const [error, attempt] = useDialogError();
  const risky = fourEyesFlags.length > 0;
  return (
    <DecisionDialog
      id="approve-dialog"
      title={`Approve case ${caseRef}`}
      submitLabel={risky ? "Send for second approval" : "Approve"}
      busyLabel="Approving…"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => attempt(() => null, () => onSend({ note }))}
    >
      {risky ? (
        <Notice tone="warning" title="A second supervisor must approve">
          This case carries {flagList(fourEyesFlags)}. Approving sends it to another supervisor; the device stays pending until they approve.
        </Notice>
      ) : (
        <p className="text-sm text-slate-700">
          {device ? `Device ${device}` : "The device under review"} is authorised at once, the identity service is told and the customer gets the approval email. Only a supervisor
          can reopen the case afterwards.
        </p>
      )}
      {blockOverride ? (
        <Notice tone="warning" title="ID bound to another account">
          This account&apos;s ID document already verifies another account. Approving overrides that block; the override is audited.
        </Notice>
      ) : null}
      <p className="text-sm text-slate-600">You may be asked to confirm it is you (authenticator code or password).</p>
      <NoteField id="approve-note" label="Note (optional)" hint="Kept on the case for staff." value={note} onChange={setNote} autoFocus />
    </DecisionDialog>
  );
}

/** Escalate to the supervisors, with a required note saying why. */
export function EscalateDialog({ caseRef, busy, onClose, onSend }: Common & { onSend: Send<{ note: string }> }) {
  const [note, setNote] = useState("");
  const [error, attempt] = useDialogError();
  return (
    <DecisionDialog
      id="escalate-dialog"
      title={`Escalate case ${caseRef}`}
      submitLabel="Escalate"
      busyLabel="Escalating…"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => attempt(() => (note.trim() ? null : "Say why the case needs a supervisor."), () => onSend({ note }))}
    >
      <p className="text-sm text-slate-700">The case leaves your queue: it goes unassigned to the supervisors&apos; Escalated view. The customer is not emailed.</p>
      <NoteField id="escalate-note" label="Why it needs a supervisor" hint="Required. Seen by staff only." value={note} onChange={setNote} autoFocus />
    </DecisionDialog>
  );
}

type ReasonValues = { reasonCodes: string[]; note: string };

/** Reject or request resubmission: reason codes in plain words, a note (required for “something else”). */
export function ReasonDialog({ kind, caseRef, busy, onClose, onSend }: Common & { kind: "reject" | "resubmit"; onSend: Send<ReasonValues> }) {
  const [codes, setCodes] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [error, attempt] = useDialogError();
  const reject = kind === "reject";
  const options = reject ? REJECT_REASONS : RESUBMISSION_REASONS;
  const toggle = (code: string, on: boolean) => setCodes((cs) => (on ? [...cs, code] : cs.filter((c) => c !== code)));
  const ordered = options.filter((o) => codes.includes(o));
  const check = () => {
    if (!codes.length) return reject ? "Choose at least one reason." : "Choose what is wrong with the photos.";
    if (codes.includes("OTHER") && !note.trim()) return "Explain “something else” in the note.";
    return null;
  };
  return (
    <DecisionDialog
      id={`${kind}-dialog`}
      title={reject ? `Reject case ${caseRef}` : `Request resubmission for case ${caseRef}`}
      submitLabel={reject ? "Reject" : "Request resubmission"}
      busyLabel={reject ? "Rejecting…" : "Sending…"}
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => attempt(check, () => onSend({ reasonCodes: ordered, note }))}
    >
      <p className="text-sm text-slate-700">
        {reject
          ? "The device stays unauthorised and the customer is emailed the reasons. Only a supervisor can reopen the case."
          : "The customer is emailed what to send again; the case waits for their reply."}
      </p>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{reject ? "Reasons" : "What is wrong"}</legend>
        {options.map((code, i) => (
          <label key={code} className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="mt-0.5 size-4 rounded border-slate-300"
              checked={codes.includes(code)}
              onChange={(e) => toggle(code, e.target.checked)}
              autoFocus={i === 0}
            />
            {reasonText[code] ?? code}
          </label>
        ))}
      </fieldset>
      <NoteField
        id={`${kind}-note`}
        label="Note to the customer"
        hint={`Added to the email as written.${codes.includes("OTHER") ? " Required for “something else”." : " Optional."}`}
        value={note}
        onChange={setNote}
      />
      {reject ? null : (
        <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
          <p className="text-xs font-medium text-slate-500">The customer will be told</p>
          <p className="mt-1 text-sm text-slate-800" data-testid="resubmission-preview">
            {resubmissionPreview(caseRef, ordered, note)}
          </p>
        </div>
      )}
    </DecisionDialog>
  );
}
