import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { formatCaseRef } from "./case-ref";
import { caseNumberOf, CASE_TARGET, parseInput, staffIdOf, ZCaseRefText } from "./shared";

export const MAX_NOTE_LENGTH = 5000;

export const ZAddNoteInput = z.strictObject({
  ref: ZCaseRefText,
  body: z.string("body: the note text").trim().min(1, "body: write a note").max(MAX_NOTE_LENGTH, `body: at most ${MAX_NOTE_LENGTH} characters`),
});
export type TAddNoteInput = { ref: string; body: string };

export interface AddedNote {
  note: { id: string; body: string; createdAt: string; author: { id: string; name: string } };
}

/**
 * Adds an internal note to a case (any case the caller can read, decided ones included): the
 * note, a NOTE_ADDED timeline event and a `case.note_added` audit entry (its length, never its
 * text) in one transaction. Notes do not bump the case version: a colleague's note must not turn
 * the assignee's open tab stale. Needs case.note, checked without the case as resource on purpose:
 * the assignee-only rule lib/auth/authorize.ts attaches to case.note guards relabelling evidence
 * (lib/intake/staff/set-document-side.ts), while a note is a colleague's context and open to all.
 */
export async function addNote(actor: Actor, input: TAddNoteInput, opts: { request?: RequestContext } = {}): Promise<AddedNote> {
  const { actor: staff } = await requireStaff(actor, "case.note", { request: opts.request });
  const { ref, body } = parseInput(ZAddNoteInput, input);
  const number = caseNumberOf(ref);
  const authorId = staffIdOf(staff);
  return db.$transaction(async (tx) => {
    // FOR SHARE: the case cannot disappear under the note, and notes do not queue behind each other.
    const [c] = await tx.$queryRaw<{ id: string; accountId: string }[]>`
      SELECT id::text AS id, "accountId"::text AS "accountId" FROM "ReviewCase" WHERE number = ${number} FOR SHARE`;
    if (!c) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`);
    const note = await tx.caseNote.create({
      data: { caseId: c.id, authorId, body },
      select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } },
    });
    await tx.caseEvent.create({ data: { caseId: c.id, type: "NOTE_ADDED", actorId: authorId, data: { noteId: note.id } } });
    await appendAudit(tx, {
      action: "case.note_added",
      actor: staff,
      target: { type: CASE_TARGET, id: c.id },
      caseId: c.id,
      accountId: c.accountId,
      request: opts.request,
      data: { caseId: c.id, ref: formatCaseRef(number), noteId: note.id, length: body.length },
    });
    return { note: { ...note, createdAt: note.createdAt.toISOString() } };
  });
}
