import { z } from "zod";
import { db } from "../db";
import type { CaseStatus, DocumentSide } from "../generated/prisma/enums";
import { formatCaseRef } from "./case-ref";

// Where the case's ID is bound elsewhere (DUPLICATE_ID) and where its photos were sent before
// (REUSED_PHOTO). Other customers appear by uid, case reference and status only. Helpers of
// ./case-context.ts: no permission checks here.

export interface OtherCase {
  ref: string;
  status: CaseStatus;
}

export interface DuplicateIdAccount {
  uid: string;
  /** holds_id: the account the identity service bound this ID to; presented_id: one refused because this account holds it. */
  relation: "holds_id" | "presented_id";
  /** Newest first. */
  cases: OtherCase[];
  moreCases: boolean;
}

export interface ReusedPhotoHit extends OtherCase {
  accountUid: string;
  /** The case belongs to this same account (not a risk: an earlier case of the customer's). */
  sameAccount: boolean;
  /** Our documents seen there: the same bytes (SHA-256) or the same photo as intake matched it. */
  documents: { documentId: string; side: DocumentSide; how: "same_bytes" | "same_photo" }[];
}

export interface RiskHits {
  duplicateId: { flagged: boolean; accounts: DuplicateIdAccount[] };
  reusedPhoto: { flagged: boolean; hits: ReusedPhotoHit[] };
}

const CASES_PER_ACCOUNT = 5;
const MAX_ACCOUNTS = 20;
const MAX_REUSE_CASES = 20;

export async function duplicateIdHits(account: { id: string; idConflictAccountId: string | null }): Promise<DuplicateIdAccount[]> {
  const others = await db.account.findMany({
    where: { OR: [...(account.idConflictAccountId ? [{ id: account.idConflictAccountId }] : []), { idConflictAccountId: account.id }], NOT: { id: account.id } },
    orderBy: { uid: "asc" },
    take: MAX_ACCOUNTS,
    select: { id: true, uid: true },
  });
  return Promise.all(
    others.map(async (o) => {
      const cases = await db.reviewCase.findMany({
        where: { accountId: o.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: CASES_PER_ACCOUNT + 1,
        select: { number: true, status: true },
      });
      return {
        uid: o.uid,
        relation: o.id === account.idConflictAccountId ? ("holds_id" as const) : ("presented_id" as const),
        cases: cases.slice(0, CASES_PER_ACCOUNT).map((c) => ({ ref: formatCaseRef(c.number), status: c.status })),
        moreCases: cases.length > CASES_PER_ACCOUNT,
      };
    }),
  );
}

/** DOCUMENT_ADDED's data, as intake writes it (lib/intake/process/commit.ts). */
const ZDocumentAdded = z.object({ documentId: z.string(), reusedFrom: z.array(z.object({ documentId: z.string(), caseId: z.string() })).optional() });

interface OurDocument {
  id: string;
  sha256: string;
  side: DocumentSide;
}

export async function reusedPhotoHits(c: { id: string; accountId: string }, docs: OurDocument[], addedEvents: { data: unknown }[]): Promise<ReusedPhotoHit[]> {
  if (docs.length === 0) return [];
  // Other cases holding a document with the same bytes now (intake's check, re-run: later cases count too).
  const sameBytes = await db.document.findMany({
    where: { sha256: { in: [...new Set(docs.map((d) => d.sha256))] }, caseId: { not: null }, NOT: { caseId: c.id }, id: { notIn: docs.map((d) => d.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { caseId: true, sha256: true },
  });
  const found = new Map<string, Map<string, "same_bytes" | "same_photo">>();
  const note = (caseId: string, documentId: string, how: "same_bytes" | "same_photo") => {
    const perCase = found.get(caseId) ?? new Map<string, "same_bytes" | "same_photo">();
    if (perCase.get(documentId) !== "same_bytes") perCase.set(documentId, how);
    found.set(caseId, perCase);
  };
  for (const s of sameBytes) for (const d of docs) if (s.caseId && s.sha256 === d.sha256) note(s.caseId, d.id, "same_bytes");
  // The photo matches intake found when the document arrived (perceptual, verified: lib/intake/process/reuse.ts).
  const ours = new Set(docs.map((d) => d.id));
  for (const e of addedEvents) {
    const data = ZDocumentAdded.safeParse(e.data);
    if (!data.success || !ours.has(data.data.documentId)) continue;
    for (const r of data.data.reusedFrom ?? []) if (r.caseId !== c.id) note(r.caseId, data.data.documentId, "same_photo");
  }
  if (found.size === 0) return [];

  const cases = await db.reviewCase.findMany({
    where: { id: { in: [...found.keys()] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_REUSE_CASES,
    select: { id: true, number: true, status: true, accountId: true, account: { select: { uid: true } } },
  });
  const side = new Map(docs.map((d) => [d.id, d.side]));
  return cases
    .map((o) => ({
      ref: formatCaseRef(o.number),
      status: o.status,
      accountUid: o.account.uid,
      sameAccount: o.accountId === c.accountId,
      documents: [...(found.get(o.id) ?? new Map<string, "same_bytes" | "same_photo">())].map(([documentId, how]) => ({ documentId, side: side.get(documentId) ?? "UNKNOWN", how })),
    }))
    .sort((a, b) => Number(a.sameAccount) - Number(b.sameAccount));
}
