"use server";

import { runAction } from "@/lib/auth/current";
import { verifyAuditChain, ZVerifyInput, type TVerifyInput } from "@/lib/audit/run-verify";
import { parseInput } from "@/lib/http/parse-input";

// Verify the audit chain from the console. Callable from the internet like every server action:
// the use case checks audit.verify itself and audits the run (audit.chain_verified, via console).

export async function runVerifyAction(input: TVerifyInput) {
  return runAction(({ actor, request }) => verifyAuditChain(actor, parseInput(ZVerifyInput, input), { request, via: "console" }));
}
