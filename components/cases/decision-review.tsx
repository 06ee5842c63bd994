"use client";

import { useState } from "react";
import { DecisionDialog, NoteField, useDialogError } from "./decision-dialog";
import type { Attempt } from "./use-decision-action";

type Common = { caseRef: string; busy: boolean; onClose: () => void };

/** The second supervisor's answer to a risky approval: approve (authorises the device) or decline. */
export function SecondApprovalDialog({ caseRef, decision, busy, onClose, onSend }: Common & { decision: "APPROVE" | "DECLINE"; onSend: (v: { note: string }) => Promise<Attempt> }) {
  const [note, setNote] = useState("");
  const [error, attempt] = useDialogError();
  const approve = decision === "APPROVE";
  return (
    <DecisionDialog
      id="second-approval-dialog"
      title={approve ? `Give the second approval for ${caseRef}` : `Decline the approval of ${caseRef}`}
      submitLabel={approve ? "Approve" : "Decline"}
      busyLabel={approve ? "Approving…" : "Declining…"}
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => attempt(() => (!approve && !note.trim() ? "Say why you decline." : null), () => onSend({ note }))}
    >
      <p className="text-sm text-slate-700">
        {approve
          ? "The device is authorised at once, the identity service is told and the customer gets the approval email. You may be asked to confirm it is you."
          : "The case goes back to its assignee for another decision. The customer is not emailed."}
      </p>
      <NoteField id="second-approval-note" label={approve ? "Note (optional)" : "Why you decline"} hint={approve ? "Kept on the case for staff." : "Required. Seen by staff only."} value={note} onChange={setNote} autoFocus />
    </DecisionDialog>
  );
}

const MIN_REASON = 10;

/** Reopen a decided case (supervisors, within the window), with a reason of at least 10 characters. */
export function ReopenDialog({ caseRef, busy, onClose, onSend }: Common & { onSend: (v: { reason: string }) => Promise<Attempt> }) {
  const [reason, setReason] = useState("");
  const [error, attempt] = useDialogError();
  return (
    <DecisionDialog
      id="reopen-dialog"
      title={`Reopen case ${caseRef}`}
      submitLabel="Reopen"
      busyLabel="Reopening…"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => attempt(() => (reason.trim().length < MIN_REASON ? `Give a reason of at least ${MIN_REASON} characters.` : null), () => onSend({ reason: reason.trim() }))}
    >
      <p className="text-sm text-slate-700">The case goes back to review. An approved device stays authorised until someone revokes it; the customer is not emailed.</p>
      <NoteField id="reopen-reason" label="Reason" hint={`Required, at least ${MIN_REASON} characters. Recorded in the audit trail.`} value={reason} onChange={setReason} max={1000} autoFocus />
    </DecisionDialog>
  );
}
