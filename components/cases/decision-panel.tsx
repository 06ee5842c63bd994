"use client";

import { useState } from "react";
import { decideCaseAction, decideSecondApprovalAction, reopenCaseAction } from "@/app/(console)/cases/[ref]/decision-actions";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";
import { DecisionFeedbackView } from "./decision-feedback";
import { ApproveDialog, EscalateDialog, ReasonDialog } from "./decision-forms";
import { CASE_SHORTCUTS, outcomeText } from "./decision-labels";
import { ID_VIEWER_SHORTCUTS } from "./id-viewer-keys";
import { SecondApprovalDialog, ReopenDialog } from "./decision-review";
import { DecisionStateText } from "./decision-state";
import type { DecisionView } from "./decision-view";
import { ShortcutHelp } from "./shortcut-help";
import { useCaseKeys } from "./use-case-keys";
import { useDecisionAction, type Attempt } from "./use-decision-action";

type Form = "approve" | "reject" | "resubmit" | "escalate" | "second-approve" | "second-decline" | "reopen" | null;

const kbd = (key: string) => (
  <kbd aria-hidden="true" className="rounded border border-slate-300 bg-slate-50 px-1 font-mono text-xs font-normal text-slate-600">
    {key}
  </kbd>
);

/**
 * The decision panel of the case page: what the viewer may do now (decide, give the second
 * approval, reopen), each through a modal form that sends the case version; a 409 shows the
 * conflict alert with Reload. Keyboard: a / r / s / e open the forms, ? shows the help.
 */
export function DecisionPanel({ view }: { view: DecisionView }) {
  const { caseRef, version, can } = view;
  const { perform, pending, feedback, clear, stepUpDialog } = useDecisionAction();
  const [form, setForm] = useState<Form>(null);
  const [help, setHelp] = useState(false);
  const busy = pending !== null;
  const opener = (f: Form, allowed: boolean) => (allowed && form === null && !busy ? () => setForm(f) : undefined);

  useCaseKeys({
    a: opener("approve", can.approve),
    r: opener("reject", can.reject),
    s: opener("resubmit", can.resubmit),
    e: opener("escalate", can.escalate),
    "?": form === null ? () => setHelp(true) : undefined,
  });

  /** Runs the call; closes the form on success or conflict (the panel then shows the outcome). */
  async function send<T>(key: string, call: () => Promise<ActionResult<T>>, done: (d: T) => string): Promise<Attempt> {
    const res = await perform(key, call, done);
    if (res.ok || res.conflict) setForm(null);
    return res;
  }
  const decide = (decision: "APPROVE" | "REJECT" | "REQUEST_RESUBMISSION" | "ESCALATE", v: { note?: string; reasonCodes?: string[] }) =>
    send(decision, () => decideCaseAction({ ref: caseRef, decision, version, reasonCodes: v.reasonCodes, note: v.note?.trim() || undefined }), (r) => outcomeText[r.outcome] ?? "Done.");
  const second = (decision: "APPROVE" | "DECLINE", note: string) =>
    send(`second-${decision}`, () => decideSecondApprovalAction({ ref: caseRef, decision, version, note: note.trim() || undefined }), (r) =>
      r.outcome === "APPROVED" ? "Second approval given. The device is authorised and the customer is being emailed." : "Approval declined. The case is back with its assignee.",
    );
  const reopen = (reason: string) => send("reopen", () => reopenCaseAction({ ref: caseRef, reason, version }), () => "Reopened. The case is back in review.");

  const common = { caseRef, busy, onClose: () => setForm(null) };
  const decideButtons = can.approve || can.reject || can.resubmit || can.escalate;

  return (
    <section id="decision-panel" tabIndex={-1} aria-labelledby="decision-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 focus:outline-none">
      <div className="flex items-center justify-between gap-3">
        <h2 id="decision-title" className="text-base font-semibold text-slate-900">
          Decision
        </h2>
        <Button variant="secondary" onClick={() => setHelp(true)} aria-keyshortcuts="?" className="px-3 py-1.5">
          Shortcuts
        </Button>
      </div>
      <DecisionFeedbackView feedback={feedback} onReloaded={clear} />
      <DecisionStateText view={view} />
      {decideButtons ? (
        <div role="group" aria-label="Decide this case" className="flex flex-wrap gap-2">
          {can.approve ? (
            <Button onClick={() => setForm("approve")} disabled={busy} aria-keyshortcuts="a" className="min-w-32">
              {pending === "APPROVE" ? "Approving…" : "Approve…"} {kbd("a")}
            </Button>
          ) : null}
          {can.reject ? (
            <Button variant="secondary" onClick={() => setForm("reject")} disabled={busy} aria-keyshortcuts="r" className="min-w-28">
              {pending === "REJECT" ? "Rejecting…" : "Reject…"} {kbd("r")}
            </Button>
          ) : null}
          {can.resubmit ? (
            <Button variant="secondary" onClick={() => setForm("resubmit")} disabled={busy} aria-keyshortcuts="s" className="min-w-52">
              {pending === "REQUEST_RESUBMISSION" ? "Sending…" : "Request resubmission…"} {kbd("s")}
            </Button>
          ) : null}
          {can.escalate ? (
            <Button variant="secondary" onClick={() => setForm("escalate")} disabled={busy} aria-keyshortcuts="e" className="min-w-32">
              {pending === "ESCALATE" ? "Escalating…" : "Escalate…"} {kbd("e")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {can.secondApproval ? (
        <div role="group" aria-label="Second approval" className="flex flex-wrap gap-2">
          <Button onClick={() => setForm("second-approve")} disabled={busy} className="min-w-32">
            {pending === "second-APPROVE" ? "Approving…" : "Approve…"}
          </Button>
          <Button variant="secondary" onClick={() => setForm("second-decline")} disabled={busy} className="min-w-28">
            {pending === "second-DECLINE" ? "Declining…" : "Decline…"}
          </Button>
        </div>
      ) : null}
      {can.reopen ? (
        <Button variant="secondary" onClick={() => setForm("reopen")} disabled={busy} className="min-w-28">
          {pending === "reopen" ? "Reopening…" : "Reopen…"}
        </Button>
      ) : null}

      {form === "approve" ? (
        <ApproveDialog {...common} busy={pending === "APPROVE"} fourEyesFlags={view.fourEyesFlags} device={view.device} blockOverride={view.idBlock === "override"} onSend={(v) => decide("APPROVE", v)} />
      ) : form === "reject" || form === "resubmit" ? (
        <ReasonDialog {...common} kind={form} busy={pending !== null} onSend={(v) => decide(form === "reject" ? "REJECT" : "REQUEST_RESUBMISSION", v)} />
      ) : form === "escalate" ? (
        <EscalateDialog {...common} onSend={(v) => decide("ESCALATE", v)} />
      ) : form === "second-approve" || form === "second-decline" ? (
        <SecondApprovalDialog {...common} decision={form === "second-approve" ? "APPROVE" : "DECLINE"} onSend={(v) => second(form === "second-approve" ? "APPROVE" : "DECLINE", v.note)} />
      ) : form === "reopen" ? (
        <ReopenDialog {...common} onSend={(v) => reopen(v.reason)} />
      ) : null}
      {stepUpDialog}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} shortcuts={[...CASE_SHORTCUTS, ...ID_VIEWER_SHORTCUTS]} where="the case page" />
    </section>
  );
}
