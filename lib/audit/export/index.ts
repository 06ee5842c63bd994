// Audit exports: the filters, the rows, their CSV / JSON Lines formatting and the manifest, shared
// by the streamed export (stream.ts) and the background export job.
export { csvCell, csvLine, neutraliseFormula, parseCsv, restoreFormula } from "./csv";
export { auditFilterLabels, auditWhereSql, hasAuditFilters, resolveAuditFilters, ZAuditFilterInput, AUDIT_FILTER_KEYS, type AuditFilters, type TAuditFilterInput } from "./filters";
export { EXPORT_COLUMNS, EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, formatCsvHeader, formatCsvRow, formatCsvValues, formatJsonlRow, formatJsonlValues, formatPage, formatValueChunks, type ExportFormat } from "./format";
export { buildManifest, type ExportManifest, type ManifestInput } from "./manifest";
export { countExportRange, exportPages, exportValuePages, readChainHead, valuesToRow, type AuditExportRow, type ExportValues, type ExportPagesOptions, type ExportRange } from "./rows";
export { checkAuditExport, exportResponse, streamAuditExport, type StreamedExport, type TAuditExportInput } from "./stream";
