"use server";

import { runAction } from "@/lib/auth/current";
import { addNote, type TAddNoteInput } from "@/lib/cases/notes";

// Case workspace actions. Every export is callable from the internet: each hands its argument to
// a use case, which checks the permission first (requireStaff) and validates the input itself.
// Claiming a specific case reuses the queue's claimCaseAction.

export async function addNoteAction(input: TAddNoteInput) {
  return runAction(({ actor, request }) => addNote(actor, input, { request }));
}
