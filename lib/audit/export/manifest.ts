import { auditFilterLabels, type AuditFilters } from "./filters";
import { EXPORT_COLUMNS, type ExportFormat } from "./format";

// The manifest every export carries (Export.manifest, GET /api/v1/exports/{id}): what was asked
// for, what the file holds, where the chain stood, and the file's own SHA-256. With it an auditor
// can check the file (hash), its place in the chain (first/last seq, head hash) and re-run the
// same export later for the same entries.

export type ExportManifest = {
  version: 1;
  exportId: string;
  format: ExportFormat;
  mode: "stream" | "background";
  /** The staff member who asked for it. */
  requestedById: string;
  /** When the export started and finished (ISO, UTC). */
  startedAt: string;
  finishedAt: string;
  /** The filters as given (references, uids) and as applied (ids). */
  filters: Record<string, string>;
  resolvedFilters: AuditFilters;
  /** The file's columns, in order (CSV header, JSON Lines keys). */
  columns: string[];
  rows: number;
  bytes: number;
  /** seq of the first and last entry in the file (null when it is empty). */
  firstSeq: string | null;
  lastSeq: string | null;
  /** The chain head when the export started: the fixed upper bound of what it could contain. */
  chainHead: { seq: string; hash: string } | null;
  /** Lower-case hex SHA-256 of the file's bytes exactly as delivered. */
  sha256: string;
};

export interface ManifestInput {
  exportId: string;
  format: ExportFormat;
  mode: "stream" | "background";
  requestedById: string;
  startedAt: Date;
  finishedAt: Date;
  filters: AuditFilters;
  rows: number;
  bytes: number;
  firstSeq: bigint | string | null;
  lastSeq: bigint | string | null;
  chainHead: { seq: bigint | string; hash: string } | null;
  sha256: string;
}

export function buildManifest(m: ManifestInput): ExportManifest {
  return {
    version: 1,
    exportId: m.exportId,
    format: m.format,
    mode: m.mode,
    requestedById: m.requestedById,
    startedAt: m.startedAt.toISOString(),
    finishedAt: m.finishedAt.toISOString(),
    filters: auditFilterLabels(m.filters),
    resolvedFilters: m.filters,
    columns: [...EXPORT_COLUMNS],
    rows: m.rows,
    bytes: m.bytes,
    firstSeq: m.firstSeq === null ? null : String(m.firstSeq),
    lastSeq: m.lastSeq === null ? null : String(m.lastSeq),
    chainHead: m.chainHead ? { seq: String(m.chainHead.seq), hash: m.chainHead.hash } : null,
    sha256: m.sha256,
  };
}
