"use client";

import { claimCaseAction } from "@/app/(console)/queue/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { useCaseAction } from "./use-case-action";

/** Claims this (unassigned) case for the viewer, with the version they saw: a stale page gets a clear 409. */
export function ClaimCaseButton({ caseRef, version }: { caseRef: string; version: number }) {
  const { perform, pending, status } = useCaseAction();
  return (
    <div className="space-y-2">
      <Button onClick={() => perform(() => claimCaseAction({ ref: caseRef, version }), () => `You are now the assignee of ${caseRef}.`)} disabled={pending} className="min-w-24">
        {pending ? "Claiming…" : "Claim"}
      </Button>
      <ActionStatus status={status} />
    </div>
  );
}
