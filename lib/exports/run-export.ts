import { once } from "node:events";
import { PassThrough } from "node:stream";
import { appendAudit } from "../audit/append";
import { auditFilterLabels, buildManifest, countExportRange, EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, exportPages, formatCsvHeader, formatPage, readChainHead, type AuditFilters, type ExportFormat } from "../audit/export";
import { systemActor } from "../auth/actor";
import { config } from "../config";
import { db } from "../db";
import type { ExportStatus } from "../generated/prisma/enums";
import { errFields, logger } from "../log";
import { putStream } from "../storage";
import { EXPORT_TARGET, ZStoredExportFilters } from "./schema";

// The work of job exports.run: stream the matching entries page by page into S3 (multipart
// upload, constant memory), then record the manifest and `audit.exported`. Safe to run twice:
// a finished export is left alone, a RUNNING one starts again from the first row.

/** Shown to the requester when an export fails; the cause goes to the log only. */
export const EXPORT_FAILED_MESSAGE = "The export could not be completed. Request it again; if it fails again, quote the export id to an administrator.";
const PROGRESS_EVERY_MS = 500;
/** countExportRange counts no further than this (a SQL LIMIT). */
const COUNT_CAP = 2_000_000_000;

export const exportObjectKey = (id: string, format: ExportFormat) => `exports/${id}.${EXPORT_EXTENSIONS[format]}`;

export interface RunExportResult {
  status: ExportStatus | "MISSING";
  rows?: number;
}

export async function runExport(exportId: string, opts: { finalAttempt?: boolean; pageSize?: number } = {}): Promise<RunExportResult> {
  const row = await db.export.findUnique({ where: { id: exportId }, select: { id: true, status: true, format: true, filters: true, requestedById: true } });
  if (!row) return { status: "MISSING" };
  if (row.status !== "QUEUED" && row.status !== "RUNNING") return { status: row.status };
  const format = row.format;
  const stored = ZStoredExportFilters.safeParse(row.filters);
  if ((format !== "CSV" && format !== "JSONL") || !stored.success) {
    await fail(exportId, "This export's format or filters are not valid.");
    return { status: "FAILED" };
  }
  const filters: AuditFilters = stored.data.resolved;

  try {
    // The upper bound: entries appended after this moment are not part of the export.
    const head = await readChainHead();
    const range = head ? await countExportRange(filters, head.seq, COUNT_CAP) : { rows: 0, firstSeq: null, lastSeq: null };
    const startedAt = new Date();
    await db.export.update({ where: { id: exportId }, data: { status: "RUNNING", startedAt, rowsDone: 0, rowsTotal: range.rows, error: null } });

    const file = await writeFile(exportId, format, filters, range, opts.pageSize);
    const finishedAt = new Date();
    const manifest = buildManifest({ exportId, format, mode: "background", requestedById: row.requestedById, startedAt, finishedAt, filters, rows: file.rows, bytes: file.bytes, firstSeq: file.firstSeq, lastSeq: file.lastSeq, chainHead: head, sha256: file.sha256 });
    const done = await db.$transaction(async (tx) => {
      const res = await tx.export.updateMany({
        where: { id: exportId, status: "RUNNING" },
        data: { status: "DONE", rowsDone: file.rows, rowsTotal: file.rows, objectKey: file.key, sha256: file.sha256, manifest, finishedAt, expiresAt: new Date(finishedAt.getTime() + config.EXPORT_RETENTION_DAYS * 86_400_000) },
      });
      if (res.count !== 1) return false;
      await appendAudit(tx, {
        action: "audit.exported",
        actor: systemActor("exports"),
        target: { type: EXPORT_TARGET, id: exportId },
        caseId: filters.caseIds.length === 1 ? filters.caseIds[0] : undefined,
        data: { exportId, format, mode: "background", rows: file.rows, firstSeq: file.firstSeq, lastSeq: file.lastSeq, chainHeadHash: head?.hash ?? null, sha256: file.sha256, filters: auditFilterLabels(filters) },
      });
      return true;
    });
    if (done) return { status: "DONE", rows: file.rows };
    return { status: (await db.export.findUniqueOrThrow({ where: { id: exportId }, select: { status: true } })).status };
  } catch (err) {
    logger.error({ exportId, ...errFields(err) }, "background export failed");
    if (!opts.finalAttempt) throw err; // retried: the next attempt restarts the upload
    await fail(exportId, EXPORT_FAILED_MESSAGE);
    return { status: "FAILED" };
  }
}

async function writeFile(exportId: string, format: ExportFormat, filters: AuditFilters, range: { rows: number; firstSeq: bigint | null; lastSeq: bigint | null }, pageSize?: number) {
  const key = exportObjectKey(exportId, format);
  const body = new PassThrough();
  const uploaded = putStream("exports", key, body, EXPORT_CONTENT_TYPES[format]);
  uploaded.catch(() => {}); // awaited below; a failure also surfaces as an error on `body`
  let rows = 0;
  let firstSeq: string | null = null;
  let lastSeq: string | null = null;
  let reported = Date.now();
  try {
    if (format === "CSV") await write(body, formatCsvHeader());
    if (range.rows && range.lastSeq !== null) {
      for await (const page of exportPages(filters, range.lastSeq, { afterSeq: (range.firstSeq ?? 1n) - 1n, pageSize })) {
        await write(body, formatPage(format, page));
        rows += page.length;
        firstSeq ??= page[0].seq;
        lastSeq = page[page.length - 1].seq;
        if (Date.now() - reported >= PROGRESS_EVERY_MS) {
          reported = Date.now();
          await db.export.update({ where: { id: exportId }, data: { rowsDone: rows } });
        }
      }
    }
    body.end();
  } catch (err) {
    body.destroy(err as Error);
    throw err;
  }
  const stored = await uploaded;
  return { key, rows, firstSeq, lastSeq, sha256: stored.sha256, bytes: stored.size };
}

/** Writes with back-pressure: waits for the uploader to drain (or fails with it). */
async function write(stream: PassThrough, chunk: string): Promise<void> {
  if (stream.destroyed) throw new Error("export upload stream closed");
  if (!stream.write(chunk)) await once(stream, "drain");
}

async function fail(exportId: string, message: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const res = await tx.export.updateMany({ where: { id: exportId, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", error: message, finishedAt: new Date() } });
    if (res.count !== 1) return;
    await appendAudit(tx, { action: "audit.export_failed", actor: systemActor("exports"), outcome: "FAILURE", target: { type: EXPORT_TARGET, id: exportId }, data: { exportId, error: message } });
  });
}
