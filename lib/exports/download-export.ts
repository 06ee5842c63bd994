import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { appendAudit } from "../audit/append";
import { config } from "../config";
import { db } from "../db";
import { AppError, toErrorBody } from "../errors";
import type { RequestContext } from "../http/request-context";
import { presignGet } from "../storage";
import { EXPORT_EXTENSIONS } from "../audit/export";
import { EXPORT_TARGET } from "./schema";
import { isExpired, visibleExport } from "./view";

/** Thrown for an export past its retention; routes answer 410 Gone (see goneFromError). */
export const EXPORT_EXPIRED = "export_expired";

/**
 * A short-lived (EXPORT_LINK_SECONDS ≤ 60 s) presigned link to a finished export's file, served as
 * an attachment and never cached. Needs `audit.export` with a fresh step-up, and the export must
 * be the caller's (or the caller an ADMIN). `audit.export_downloaded` is committed before the
 * link exists, so no link is handed out unrecorded.
 */
export async function downloadExport(actor: Actor, id: string, opts: { request?: RequestContext; now?: Date } = {}): Promise<{ url: string; expiresInSeconds: number; fileName: string }> {
  const { actor: staff } = await requireStaff(actor, "audit.export", { request: opts.request });
  const row = await visibleExport(staff, id);
  const now = opts.now ?? new Date();
  if (isExpired(row, now)) throw new AppError("NOT_FOUND", "This export has expired and its file was deleted. Request a new one.", { reason: EXPORT_EXPIRED });
  if (row.status !== "DONE" || !row.objectKey) throw new AppError("CONFLICT", row.status === "FAILED" ? "This export failed; there is no file." : "This export is not finished yet.", { status: row.status });
  if (row.format !== "CSV" && row.format !== "JSONL") throw new AppError("CONFLICT", "This export has no downloadable file.");

  await db.$transaction((tx) =>
    appendAudit(tx, { action: "audit.export_downloaded", actor: staff, target: { type: EXPORT_TARGET, id: row.id }, request: opts.request, data: { exportId: row.id, via: "link" } }),
  );
  const fileName = `gatehouse-audit-${row.id}.${EXPORT_EXTENSIONS[row.format]}`;
  const ttl = Math.min(config.EXPORT_LINK_SECONDS, 60);
  return { url: await presignGet("exports", row.objectKey, { ttlSeconds: ttl, fileName }), expiresInSeconds: ttl, fileName };
}

/**
 * 410 for an expired export. AppError has no GONE code: the body is the usual NOT_FOUND error
 * (`details.reason: "export_expired"`), the status says the file existed and is gone for good.
 */
export function goneFromError(err: unknown, requestId: string): Response | null {
  if (!(err instanceof AppError) || err.details?.reason !== EXPORT_EXPIRED) return null;
  return Response.json(toErrorBody(err, requestId).body, { status: 410, headers: { "cache-control": "no-store", "x-request-id": requestId } });
}
