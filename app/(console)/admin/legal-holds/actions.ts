"use server";

import { runAction } from "@/lib/auth/current";
import { parseInput } from "@/lib/http/parse-input";
import { placeLegalHold, releaseLegalHold, ZPlaceLegalHoldInput, ZReleaseLegalHoldInput, type TPlaceLegalHoldInput, type TReleaseLegalHoldInput } from "@/lib/retention/holds";

// Legal holds from the console. Every export is callable from the internet: each parses its
// argument and hands it to a use case, which checks retention.manage itself.

export async function placeLegalHoldAction(input: TPlaceLegalHoldInput) {
  return runAction(({ actor, request }) => placeLegalHold(actor, parseInput(ZPlaceLegalHoldInput, input), { request }));
}

export async function releaseLegalHoldAction(input: TReleaseLegalHoldInput) {
  return runAction(({ actor, request }) => releaseLegalHold(actor, parseInput(ZReleaseLegalHoldInput, input), { request }));
}
