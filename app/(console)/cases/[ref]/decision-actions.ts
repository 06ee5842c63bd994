"use server";

import { runAction } from "@/lib/auth/current";
import { decideCase } from "@/lib/cases/decide";
import type { TDecideCaseInput, TDecideSecondApprovalInput, TReopenCaseInput } from "@/lib/cases/decision-types";
import { reopenCase } from "@/lib/cases/reopen";
import { decideSecondApproval } from "@/lib/cases/second-approval";

// Case decisions from the case page. Every export is callable from the internet: each hands its
// argument to a use case, which checks the permission (and step-up for approvals), the case's
// state and version itself — the same functions serve /api/v1/cases/{ref}/decision and friends.

export async function decideCaseAction(input: TDecideCaseInput) {
  return runAction(({ actor, request }) => decideCase(actor, input, { request }));
}

export async function decideSecondApprovalAction(input: TDecideSecondApprovalInput) {
  return runAction(({ actor, request }) => decideSecondApproval(actor, input, { request }));
}

export async function reopenCaseAction(input: TReopenCaseInput) {
  return runAction(({ actor, request }) => reopenCase(actor, input, { request }));
}
