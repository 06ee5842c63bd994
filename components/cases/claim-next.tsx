"use client";

import { useRouter } from "next/navigation";
import { claimNextAction } from "@/app/(console)/queue/actions";
import { Button } from "@/components/ui/button";
import { caseHref } from "./labels";
import { useCaseAction } from "./use-case-action";

/** Claim next: the most urgent unassigned case becomes the caller's, then its page opens. */
export function useClaimNext() {
  const router = useRouter();
  const action = useCaseAction();
  async function claim() {
    if (action.pending) return;
    let empty = false;
    await action.perform(claimNextAction, (data) => {
      if (data.case) router.push(caseHref(data.case.ref));
      else empty = true;
      return null;
    });
    // Not a failure, but the agent asked for work and got none: an alert, not a quiet status.
    if (empty) action.setStatus({ tone: "error", text: "Nothing to claim: every open case already has an assignee." });
  }
  return { claim, pending: action.pending, status: action.status };
}

export function ClaimNextButton({ claim, pending }: { claim: () => void; pending: boolean }) {
  return (
    <Button onClick={claim} disabled={pending} aria-keyshortcuts="c" className="min-w-32">
      {pending ? "Claiming…" : "Claim next"}
    </Button>
  );
}
