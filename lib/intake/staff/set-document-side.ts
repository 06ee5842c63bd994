import { z } from "zod";
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../auth/actor";
import { requireStaff } from "../../auth/require-staff";
import { db } from "../../db";
import { AppError } from "../../errors";
import { DocumentSide, type CaseStatus, type VettingVerdict } from "../../generated/prisma/enums";
import type { RequestContext } from "../../http/request-context";
import { sideBlocker } from "./rules";
import { parseInput, parseRecordId, purgedDetail } from "./shared";

export const ZSetDocumentSideInput = z.strictObject({
  documentId: z.string().max(64),
  side: z.enum(DocumentSide, "Choose FRONT, BACK or UNKNOWN."),
});
/** As callers send it; validated against ZSetDocumentSideInput after the permission check. */
export interface TSetDocumentSideInput {
  documentId: string;
  side: string;
}

export interface SetDocumentSideResult {
  documentId: string;
  side: DocumentSide;
  previousSide: DocumentSide;
  /** False when the document already had this side (nothing written). */
  changed: boolean;
}

/**
 * Relabels an ID photo as front, back or unknown (intake guesses from file names and order).
 * Permission `case.note`, not `email.link`: the side is evidence an agent compares against the
 * KYC record, so on a case it follows the case rules — only the assignee, or a supervisor
 * (override) — and a decided case is frozen. Documents of an unmatched email (no case yet) can be
 * relabelled by any agent. The case version is bumped, so a decision made on the old labels fails.
 */
export async function setDocumentSide(actor: Actor, input: TSetDocumentSideInput, opts: { request?: RequestContext } = {}): Promise<SetDocumentSideResult> {
  const request = opts.request;
  // Role first, so a caller without case.note learns nothing about which documents exist.
  let { actor: staff } = await requireStaff(actor, "case.note", { request });
  const { documentId: rawId, side } = parseInput(ZSetDocumentSideInput, input);
  const documentId = parseRecordId(rawId, "document");
  const found = await db.document.findUnique({ where: { id: documentId }, select: { caseId: true, case: { select: { assigneeId: true } } } });
  if (!found) throw new AppError("NOT_FOUND", "No document with this id.");
  const checkedAssignee = found.case?.assigneeId ?? null;
  if (found.caseId) {
    ({ actor: staff } = await requireStaff(actor, "case.note", { resource: { type: "case", id: found.caseId, assigneeId: checkedAssignee }, request }));
  }

  return db.$transaction(async (tx) => {
    const docs = await tx.$queryRaw<{ side: DocumentSide; verdict: VettingVerdict; caseId: string | null; emailPurgedAt: Date | null }[]>`
      SELECT d.side::text AS side, d.verdict::text AS verdict, d."caseId", e."purgedAt" AS "emailPurgedAt"
      FROM "Document" d JOIN "InboundEmail" e ON e.id = d."inboundEmailId" WHERE d.id = ${documentId}::uuid FOR UPDATE OF d`;
    const doc = docs[0];
    if (!doc) throw new AppError("NOT_FOUND", "No document with this id.");
    let caseStatus: CaseStatus | null = null;
    if (doc.caseId) {
      const cases = await tx.$queryRaw<{ status: CaseStatus; assigneeId: string | null }[]>`
        SELECT status::text AS status, "assigneeId" FROM "ReviewCase" WHERE id = ${doc.caseId}::uuid FOR UPDATE`;
      // The permission was checked against the case as it was; if it moved meanwhile, check again.
      if (doc.caseId !== found.caseId || cases[0]?.assigneeId !== checkedAssignee) {
        throw new AppError("CONFLICT", "The document's case changed hands meanwhile; reload and try again.");
      }
      caseStatus = cases[0].status;
    }
    const blocked = sideBlocker({ verdict: doc.verdict, caseStatus, emailPurgedAt: doc.emailPurgedAt });
    if (blocked) throw new AppError("CONFLICT", blocked, { verdict: doc.verdict, caseStatus, ...purgedDetail({ purgedAt: doc.emailPurgedAt }) });
    if (doc.side === side) return { documentId, side, previousSide: doc.side, changed: false };

    await tx.document.update({ where: { id: documentId }, data: { side } });
    if (doc.caseId) await tx.reviewCase.update({ where: { id: doc.caseId }, data: { version: { increment: 1 } } });
    await appendAudit(tx, {
      action: "document.side_changed",
      actor: staff,
      target: { type: "Document", id: documentId },
      caseId: doc.caseId ?? undefined,
      request,
      data: { documentId, caseId: doc.caseId, before: doc.side, after: side },
    });
    return { documentId, side, previousSide: doc.side, changed: true };
  });
}
