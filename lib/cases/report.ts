import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { appendAudit } from "../audit/append";
import { db } from "../db";
import { isAppError } from "../errors";
import type { DocumentSide, VettingVerdict } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { getCase, type CaseDetail } from "./get-case";
import { CASE_TARGET } from "./shared";

// The printable case report (/cases/{ref}/report, GET /api/v1/cases/{ref}/report): the case, the
// account's KYC summary, the device, decisions with reason codes, timeline, notes and every audit
// entry about the case with its hashes. ID photos are redacted (metadata only) unless asked for
// by staff who may view documents; a PDF is always redacted. Each report is audited.

/** Audit entries and documents beyond this many are cut (a case has dozens). */
const MAX_ENTRIES = 5_000;

export type ReportFormat = "HTML" | "PDF";

export interface ReportDocument {
  id: string;
  side: DocumentSide;
  verdict: VettingVerdict;
  sha256: string;
  width: number | null;
  height: number | null;
  sniffedType: string | null;
  sizeBytes: number;
  receivedAt: string;
  purged: boolean;
}

export interface ReportAuditEntry {
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

export interface ReportDecision {
  seq: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  decision: string;
  statusBefore: string;
  statusAfter: string;
  reasonCodes: string[];
  override: boolean;
}

export interface CaseReport {
  detail: CaseDetail;
  documents: ReportDocument[];
  decisions: ReportDecision[];
  audit: ReportAuditEntry[];
  photos: "redacted" | "shown";
  /** Photos were asked for by someone who may not view documents (the refusal is audited). */
  photosRefused: boolean;
  format: ReportFormat;
  generatedAt: string;
  generatedBy: { id: string; role: string };
  /** The `case.report_generated` entry this report made. */
  reportEntry: { seq: string; hash: string };
}

/**
 * Builds a case report. HTML needs `audit.read` (SUPERVISOR, AUDITOR, ADMIN); PDF, a file that
 * leaves the console, needs `audit.export` (AUDITOR, ADMIN, with step-up). Photos are shown only
 * in HTML and only with `document.view` (each image is then audited by the image route itself).
 */
export async function buildCaseReport(
  actor: Actor,
  ref: string,
  opts: { format?: ReportFormat; photos?: boolean; request?: RequestContext } = {},
): Promise<CaseReport> {
  const format = opts.format ?? "HTML";
  const { actor: staff } = await requireStaff(actor, format === "PDF" ? "audit.export" : "audit.read", { request: opts.request });
  const detail = await getCase(staff, ref, { request: opts.request });
  const caseId = detail.case.id;

  let photos: "redacted" | "shown" = "redacted";
  let photosRefused = false;
  if (opts.photos && format === "HTML") {
    try {
      await requireStaff(staff, "document.view", { request: opts.request, resource: { type: "case", id: caseId, assigneeId: detail.case.assignee?.id ?? null } });
      photos = "shown";
    } catch (err) {
      if (!isAppError(err) || err.code !== "FORBIDDEN") throw err;
      photosRefused = true;
    }
  }

  const [documents, entries, row] = await Promise.all([
    db.document.findMany({
      where: { caseId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_ENTRIES,
      select: { id: true, side: true, verdict: true, sha256: true, width: true, height: true, sniffedType: true, sizeBytes: true, createdAt: true, purgedAt: true },
    }),
    db.auditEntry.findMany({ where: { caseId }, orderBy: { seq: "asc" }, take: MAX_ENTRIES }),
    db.reviewCase.findUniqueOrThrow({ where: { id: caseId }, select: { accountId: true } }),
  ]);

  const reportEntry = await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "case.report_generated",
      actor: staff,
      target: { type: CASE_TARGET, id: caseId },
      caseId,
      accountId: row.accountId,
      request: opts.request,
      data: { caseId, ref: detail.case.ref, format, photos },
    }),
  );

  const audit: ReportAuditEntry[] = entries.map((e) => ({
    seq: e.seq.toString(),
    occurredAt: e.occurredAt.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    outcome: e.outcome,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
  }));
  return {
    detail,
    documents: documents.map(({ createdAt, purgedAt, ...d }) => ({ ...d, receivedAt: createdAt.toISOString(), purged: purgedAt !== null })),
    decisions: audit.filter((e) => e.action === "case.decided").map(toDecision),
    audit,
    photos,
    photosRefused,
    format,
    generatedAt: new Date().toISOString(),
    generatedBy: { id: staff.type === "STAFF" ? staff.id : staff.staffId, role: staff.role },
    reportEntry: { seq: reportEntry.seq.toString(), hash: reportEntry.hash },
  };
}

function toDecision(e: ReportAuditEntry): ReportDecision {
  const d = (e.data ?? {}) as { decision?: string; statusBefore?: string; statusAfter?: string; reasonCodes?: string[]; override?: boolean };
  return {
    seq: e.seq,
    at: e.occurredAt,
    actorId: e.actorId,
    actorRole: e.actorRole,
    decision: d.decision ?? "?",
    statusBefore: d.statusBefore ?? "",
    statusAfter: d.statusAfter ?? "",
    reasonCodes: Array.isArray(d.reasonCodes) ? d.reasonCodes : [],
    override: d.override === true,
  };
}
