import { formatDateTime } from "@/components/ui/format";
import type { DecisionView } from "./decision-view";

/** One or two sentences on where the decision stands for this viewer (who it waits for, what they may do). */
export function DecisionStateText({ view }: { view: DecisionView }) {
  const { status, can, pending, decided } = view;
  const p = (text: string, key?: string) => (
    <p key={key} className="text-sm text-slate-700">
      {text}
    </p>
  );
  if (pending) {
    const who = pending.requestedBy ? `requested by ${pending.requestedBy}` : "requested";
    const when = pending.requestedAt ? ` on ${formatDateTime(pending.requestedAt)}` : "";
    return (
      <div className="space-y-1">
        {p(`Waiting for a second supervisor's approval (${who}${when}).`)}
        {pending.byMe
          ? p("You asked for it, so another supervisor must give it.")
          : can.secondApproval
            ? p("Approving authorises the device; declining sends the case back for another decision.")
            : p(`Any supervisor other than ${pending.requestedBy ?? "the one who asked"} can approve or decline it.`)}
      </div>
    );
  }
  if (decided) {
    const until = decided.reopenUntil ? formatDateTime(decided.reopenUntil) : null;
    return (
      <div className="space-y-1">
        {p(`${status === "APPROVED" ? "Approved" : "Rejected"}${decided.by ? ` by ${decided.by}` : ""}${decided.at ? ` on ${formatDateTime(decided.at)}` : ""}.`)}
        {until ? p(can.reopen ? `You can reopen it until ${until}.` : `Supervisors can reopen it until ${until}.`) : null}
      </div>
    );
  }
  const deciding = can.approve || can.reject || can.resubmit || can.escalate;
  if (status === "ESCALATED") return p(deciding ? "Escalated: a supervisor's decision is needed." : "Escalated: waiting for a supervisor.");
  if (status === "AWAITING_CUSTOMER") return p("Waiting for the customer's new photos. Their reply puts the case back in review.");
  if (deciding) {
    const fourEyes = view.fourEyesFlags.length ? " Its risk flags send an approval to a second supervisor." : "";
    const block = view.idBlock === "blocked" ? " This account's ID already verifies another account: only a supervisor can approve." : "";
    return p(`${view.mine ? "You are the assignee." : `Assigned to ${view.assignee}; you decide as a supervisor.`}${fourEyes}${block}`);
  }
  if (!view.decider) return p("Your role does not decide cases.");
  if (!view.assignee) return p("Claim the case to decide it.");
  return p(`Assigned to ${view.assignee}: only they or a supervisor decide it.`);
}
