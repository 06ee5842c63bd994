"use client";

import { assignCasesAction } from "@/app/(console)/queue/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { CaseStatus } from "@/lib/generated/prisma/enums";
import { useCaseAction } from "./use-case-action";

/** Open cases; decided ones cannot be assigned (assignCases refuses them with 409 anyway). */
const TAKEABLE: readonly CaseStatus[] = ["NEW", "IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED", "PENDING_SECOND_APPROVAL"];

/**
 * A supervisor's "Take over": assigns the case to themselves through the same use case as the
 * queue's assign (assignCases: case.assign, audited as case.assigned), with the version the page
 * shows, so a stale page gets a clear 409 instead of overwriting someone else's change. Renders
 * nothing unless the viewer may assign and the open case is not already theirs; the server checks
 * all of it again.
 */
export function TakeOverButton({
  caseRef,
  version,
  status,
  assignee,
  staffId,
  canAssign,
}: {
  caseRef: string;
  version: number;
  status: CaseStatus;
  assignee: { id: string; name: string } | null;
  staffId: string | null;
  canAssign: boolean;
}) {
  const { perform, pending, status: outcome } = useCaseAction();
  const mine = !!staffId && assignee?.id === staffId;
  // The outcome stays visible after the refresh that makes the case ours.
  if (!outcome && (!canAssign || !staffId || mine || !TAKEABLE.includes(status))) return null;
  const question = assignee ? `Take ${caseRef} over from ${assignee.name}?` : `Assign ${caseRef} to yourself?`;
  return (
    <div className="space-y-2">
      {staffId && !mine ? (
        <ConfirmButton
          label="Take over"
          confirmLabel="Yes, take over"
          question={question}
          busy={pending}
          onConfirm={() =>
            perform(
              () => assignCasesAction({ refs: [caseRef], assigneeId: staffId, version }),
              () => (assignee ? `You took over ${caseRef} from ${assignee.name}.` : `You are now the assignee of ${caseRef}.`),
            )
          }
        />
      ) : null}
      <ActionStatus status={outcome} />
    </div>
  );
}
