import type { StaffActor } from "../auth/authorize";
import { staffIdOf } from "../cases/shared";
import { db } from "../db";
import { AppError } from "../errors";
import type { ExportFormat, ExportStatus } from "../generated/prisma/enums";
import type { ExportManifest } from "../audit/export";

// How an export is shown to its requester (GET /api/v1/exports/{id}, the console's list), and
// who may see one: the requester, or an ADMIN. Other auditors get 404, as for a missing id.

export interface ExportView {
  id: string;
  format: ExportFormat;
  status: ExportStatus;
  /** The filters as given (from, to, case refs, actions). */
  filters: Record<string, string>;
  rowsDone: number;
  rowsTotal: number | null;
  /** 0–100; 100 once DONE. */
  progress: number;
  manifest: ExportManifest | null;
  sha256: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  /** The audited download route (needs audit.export with step-up), when the file can be fetched. */
  downloadUrl: string | null;
  requestedBy: { id: string; name: string };
}

export const exportSelect = {
  id: true,
  format: true,
  status: true,
  filters: true,
  rowsDone: true,
  rowsTotal: true,
  manifest: true,
  sha256: true,
  error: true,
  objectKey: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  expiresAt: true,
  requestedBy: { select: { id: true, name: true } },
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof findExport>>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function findExport(id: string) {
  return db.export.findUnique({ where: { id }, select: exportSelect });
}

/** True when the file is past its retention (the sweep may not have run yet). */
export const isExpired = (row: { status: ExportStatus; expiresAt: Date | null }, now: Date): boolean =>
  row.status === "EXPIRED" || (row.status === "DONE" && !!row.expiresAt && row.expiresAt.getTime() <= now.getTime());

/** The export if `actor` may see it; NOT_FOUND otherwise (existence is not revealed). */
export async function visibleExport(actor: StaffActor, id: string): Promise<Row> {
  const row = UUID.test(id) ? await findExport(id) : null;
  if (!row || (row.requestedBy.id !== staffIdOf(actor) && actor.role !== "ADMIN")) throw new AppError("NOT_FOUND", "There is no such export.");
  return row;
}

/** Background exports store `{ mode, labels, resolved }`; streamed ones (no file kept) the labels themselves. */
function labelsOf(filters: unknown): Record<string, string> {
  const f = (filters ?? {}) as { labels?: unknown };
  const labels = f.labels && typeof f.labels === "object" ? f.labels : f;
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "mode" && e[0] !== "via"));
}

export function toExportView(row: Row, now = new Date()): ExportView {
  const expired = isExpired(row, now);
  const total = row.rowsTotal;
  const progress = row.status === "DONE" ? 100 : total ? Math.min(99, Math.floor((row.rowsDone / total) * 100)) : 0;
  return {
    id: row.id,
    format: row.format,
    status: expired ? "EXPIRED" : row.status,
    filters: labelsOf(row.filters),
    rowsDone: row.rowsDone,
    rowsTotal: total,
    progress: expired ? 100 : progress,
    manifest: (row.manifest as ExportManifest | null) ?? null, // written by runExport (buildManifest)
    sha256: row.sha256,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    downloadUrl: row.status === "DONE" && row.objectKey && !expired ? `/api/v1/exports/${row.id}/download` : null,
    requestedBy: row.requestedBy,
  };
}
