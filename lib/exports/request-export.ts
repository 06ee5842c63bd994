import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { appendAudit } from "../audit/append";
import { auditFilterLabels, resolveAuditFilters } from "../audit/export";
import { staffIdOf } from "../cases/shared";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../http/parse-input";
import { writeOutbox } from "../outbox/write";
import { runExportJob } from "./jobs";
import { EXPORT_TARGET, MAX_ACTIVE_PER_STAFF, MAX_RANGE_DAYS, ZRequestExportInput, type TRequestExportInput } from "./schema";

export interface RequestedExport {
  id: string;
  status: "QUEUED";
  format: "CSV" | "JSONL";
  /** The filters as given (refs), as the audit entry and manifest show them. */
  filters: Record<string, string>;
  createdAt: string;
}

/**
 * Queues a background export of the audit trail (CSV or JSON Lines) for a date range, optionally
 * narrowed to cases and actions. Needs `audit.export` (AUDITOR, ADMIN) with a fresh step-up. The
 * Export row, its outbox row (job exports.run, id only) and `audit.export_requested` are written
 * in one transaction: the job exists exactly when the request is on record.
 * `input` is checked here (ZRequestExportInput, then the shared audit filters), after the permission.
 */
export async function requestExport(actor: Actor, input: TRequestExportInput | Record<string, unknown>, opts: { request?: RequestContext } = {}): Promise<RequestedExport> {
  const { actor: staff } = await requireStaff(actor, "audit.export", { request: opts.request });
  const parsed = parseInput(ZRequestExportInput, input);
  const resolved = await resolveAuditFilters({ from: parsed.from, to: parsed.to, case: parsed.cases, action: parsed.actions });
  if (resolved.from && resolved.to && Date.parse(resolved.to) - Date.parse(resolved.from) > MAX_RANGE_DAYS * 86_400_000) {
    throw new AppError("INVALID_INPUT", `to: a background export covers at most ${MAX_RANGE_DAYS} days.`, { fields: [{ path: "to", message: `at most ${MAX_RANGE_DAYS} days after from` }] });
  }
  const labels = auditFilterLabels(resolved);
  const staffId = staffIdOf(staff);

  return db.$transaction(async (tx) => {
    const active = await tx.export.count({ where: { requestedById: staffId, status: { in: ["QUEUED", "RUNNING"] }, filters: { path: ["mode"], equals: "background" } } });
    if (active >= MAX_ACTIVE_PER_STAFF) throw new AppError("RATE_LIMITED", `You have ${active} exports in progress already. Wait for one to finish.`, { active });
    const row = await tx.export.create({
      data: { requestedById: staffId, format: parsed.format, filters: { mode: "background", labels, resolved } },
      select: { id: true, createdAt: true },
    });
    await writeOutbox(tx, runExportJob, { exportId: row.id }, { dedupeKey: row.id });
    await appendAudit(tx, {
      action: "audit.export_requested",
      actor: staff,
      target: { type: EXPORT_TARGET, id: row.id },
      caseId: resolved.caseIds.length === 1 ? resolved.caseIds[0] : undefined,
      request: opts.request,
      data: { exportId: row.id, format: parsed.format, filters: labels },
    });
    return { id: row.id, status: "QUEUED" as const, format: parsed.format, filters: labels, createdAt: row.createdAt.toISOString() };
  });
}
