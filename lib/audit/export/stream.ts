import { createHash } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../../auth/actor";
import { requireStaff, type StaffActor } from "../../auth/require-staff";
import { config } from "../../config";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { parseInput } from "../../http/parse-input";
import { errFields, logger } from "../../log";
import { appendAudit } from "../append";
import { AUDIT_FILTER_KEYS, auditFilterLabels, resolveAuditFilters, type AuditFilters, type TAuditFilterInput } from "./filters";
import { EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, formatCsvHeader, formatValueChunks, type ExportFormat } from "./format";
import { buildManifest } from "./manifest";
import { countExportRange, exportValuePages, readChainHead, type ExportRange } from "./rows";

// The streamed audit export (GET /api/v1/audit/export and the console's download link): checks,
// counts, records an Export row, then streams keyset pages as CSV or JSON Lines while hashing
// them; at the end the Export row gets its manifest and the trail an `audit.exported` entry.

export type TAuditExportInput = TAuditFilterInput & { format?: string };

const ZFormat = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(["CSV", "JSONL"], "format: csv or jsonl"));

const staffIdOf = (a: StaffActor) => (a.type === "STAFF" ? a.id : a.staffId);

interface Prepared {
  staff: StaffActor;
  format: ExportFormat;
  filters: AuditFilters;
  head: { seq: bigint; hash: string } | null;
  range: ExportRange;
}

async function prepare(actor: Actor, input: TAuditExportInput, opts: { request?: RequestContext; maxRows?: number }): Promise<Prepared> {
  const { actor: staff } = await requireStaff(actor, "audit.export", { request: opts.request });
  const { format: rawFormat, ...rest } = input;
  const format = parseInput(ZFormat, rawFormat ?? "csv");
  const filters = await resolveAuditFilters(Object.fromEntries(AUDIT_FILTER_KEYS.filter((k) => rest[k] !== undefined).map((k) => [k, rest[k]])));
  const unknown = Object.keys(rest).filter((k) => !(AUDIT_FILTER_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new AppError("INVALID_INPUT", `Unknown parameter: ${unknown[0]}.`, { fields: unknown.map((path) => ({ path, message: "unknown parameter" })) });
  const max = opts.maxRows ?? config.AUDIT_EXPORT_STREAM_MAX_ROWS;
  const head = await readChainHead();
  const range = await countExportRange(filters, head?.seq ?? 0n, max + 1);
  if (range.rows > max) {
    throw new AppError(
      "UNPROCESSABLE",
      `This export holds more than ${max.toLocaleString("en")} entries, too many to stream. Narrow the date range or filters, or run it as a background export (POST /api/v1/exports, or Exports in the console).`,
      { maxRows: max, useInstead: "POST /api/v1/exports" },
    );
  }
  return { staff, format, filters, head, range };
}

/**
 * The checks a streamed export makes before its first byte (permission with step-up, filters,
 * the size limit), without exporting: the console runs it before navigating to the download, so
 * the step-up dialog and a "too large" message appear on the page instead of a failed download.
 */
export async function checkAuditExport(actor: Actor, input: TAuditExportInput, opts: { request?: RequestContext; maxRows?: number } = {}): Promise<{ rows: number; format: ExportFormat }> {
  const p = await prepare(actor, input, opts);
  return { rows: p.range.rows, format: p.format };
}

export interface StreamedExport {
  exportId: string;
  format: ExportFormat;
  contentType: string;
  fileName: string;
  /** Entries the file will hold. */
  rows: number;
  /** The chain head seq at the start: nothing after it is in the file. */
  upperSeq: bigint;
  body: ReadableStream<Uint8Array>;
}

/**
 * Starts a streamed export. Needs `audit.export` (AUDITOR, ADMIN) with a fresh step-up. Refuses
 * (422) a range of more than AUDIT_EXPORT_STREAM_MAX_ROWS entries: those go to the background
 * export. Memory stays constant (two pages of `pageSize` entries at most) and no transaction stays
 * open; the Export row is RUNNING until the last byte is handed over, then DONE with its manifest
 * (FAILED, and `audit.export_failed`, when the stream breaks or the client goes away).
 */
export async function streamAuditExport(
  actor: Actor,
  input: TAuditExportInput,
  opts: { request?: RequestContext; via: "console" | "api"; maxRows?: number; pageSize?: number },
): Promise<StreamedExport> {
  const { staff, format, filters, head, range } = await prepare(actor, input, opts);
  const requestedById = staffIdOf(staff);
  const labels = auditFilterLabels(filters);
  const startedAt = new Date();
  const oneCase = filters.caseIds.length === 1 ? filters.caseIds[0] : undefined;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.export.create({
      data: { requestedById, format, filters: { ...labels, via: opts.via, mode: "stream" }, status: "RUNNING", rowsTotal: range.rows, startedAt },
      select: { id: true },
    });
    await appendAudit(tx, { action: "audit.export_requested", actor, target: { type: "Export", id: row.id }, caseId: oneCase, request: opts.request, data: { exportId: row.id, format, filters: labels } });
    return row;
  });
  const exportId = created.id;
  const upperSeq = range.lastSeq ?? 0n;
  const pages = range.rows ? exportValuePages(filters, upperSeq, { afterSeq: (range.firstSeq ?? 1n) - 1n, pageSize: opts.pageSize }) : null;
  const hash = createHash("sha256");
  const done = { rows: 0, bytes: 0, firstSeq: null as string | null, lastSeq: null as string | null, settled: false };

  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    const bytes = Buffer.from(text, "utf8");
    hash.update(bytes);
    done.bytes += bytes.byteLength;
    controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };

  const finish = async () => {
    const sha256 = hash.digest("hex");
    const manifest = buildManifest({ exportId, format, mode: "stream", requestedById, startedAt, finishedAt: new Date(), filters, rows: done.rows, bytes: done.bytes, firstSeq: done.firstSeq, lastSeq: done.lastSeq, chainHead: head, sha256 });
    await db.$transaction(async (tx) => {
      await tx.export.update({ where: { id: exportId }, data: { status: "DONE", rowsDone: done.rows, sha256, manifest, finishedAt: new Date(manifest.finishedAt) } });
      await appendAudit(tx, {
        action: "audit.exported",
        actor,
        target: { type: "Export", id: exportId },
        caseId: oneCase,
        request: opts.request,
        data: { exportId, format, mode: "stream", rows: done.rows, firstSeq: done.firstSeq, lastSeq: done.lastSeq, chainHeadHash: head?.hash ?? null, sha256, filters: labels },
      });
    });
    done.settled = true;
  };

  const fail = async (why: string) => {
    if (done.settled) return;
    done.settled = true;
    const error = `${why} after ${done.rows} of ${range.rows} entries`;
    await db.$transaction(async (tx) => {
      await tx.export.update({ where: { id: exportId }, data: { status: "FAILED", rowsDone: done.rows, error, finishedAt: new Date() } });
      await appendAudit(tx, { action: "audit.export_failed", actor, outcome: "FAILURE", target: { type: "Export", id: exportId }, caseId: oneCase, request: opts.request, data: { exportId, error } });
    });
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "CSV") emit(controller, formatCsvHeader());
    },
    async pull(controller) {
      try {
        const next = pages ? await pages.next() : { done: true as const, value: undefined };
        if (next.done) {
          await finish();
          controller.close();
          return;
        }
        const page = next.value;
        done.firstSeq ??= page[0][0];
        done.lastSeq = page[page.length - 1][0];
        done.rows += page.length;
        for (const chunk of formatValueChunks(format, page)) emit(controller, chunk);
      } catch (err) {
        logger.error({ requestId: opts.request?.requestId, exportId, ...errFields(err) }, "streamed audit export failed");
        await fail("the export stopped on a server error").catch(() => undefined);
        controller.error(new AppError("INTERNAL", "The export stopped on a server error."));
      }
    },
    async cancel() {
      await pages?.return();
      await fail("the client closed the connection").catch((err: unknown) => logger.error({ exportId, ...errFields(err) }, "could not record a cancelled export"));
    },
  });

  const stamp = startedAt.toISOString().slice(0, 19).replaceAll(":", "").replace("T", "-");
  return {
    exportId,
    format,
    contentType: EXPORT_CONTENT_TYPES[format],
    fileName: `gatehouse-audit-${stamp}-${exportId.slice(-8)}.${EXPORT_EXTENSIONS[format]}`,
    rows: range.rows,
    upperSeq: head?.seq ?? 0n,
    body,
  };
}

/** The HTTP response for a streamed export (API and console alike). */
export function exportResponse(e: StreamedExport): Response {
  return new Response(e.body, {
    status: 200,
    headers: {
      "content-type": e.contentType,
      "content-disposition": `attachment; filename="${e.fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-gatehouse-export-id": e.exportId,
      "x-gatehouse-export-rows": String(e.rows),
      "x-gatehouse-chain-head-seq": e.upperSeq.toString(),
    },
  });
}
