import { z } from "zod";
import type { AuditFilters } from "../audit/export";

// Input and stored shapes of a background export (lib/exports). Filters are dates, case refs/ids and
// action names only: never free text typed by customers.

/** Largest date range one export may cover (a year and a bit: a regulator's usual period). */
export const MAX_RANGE_DAYS = 400;
/** Exports a staff member may have QUEUED or RUNNING at once. */
export const MAX_ACTIVE_PER_STAFF = 3;

/** The request as the console form and POST /api/v1/exports send it; filters are checked by resolveAuditFilters. */
export const ZRequestExportInput = z
  .object({
    format: z.enum(["CSV", "JSONL"], { message: "format: choose CSV or JSONL." }),
    from: z.union([z.date(), z.string()], { message: "from: give a start date (ISO 8601, UTC)." }),
    to: z.union([z.date(), z.string()], { message: "to: give an end date (ISO 8601, UTC)." }),
    /** Case references (GH-000123) or ids. */
    cases: z.array(z.string()).optional(),
    /** Action names (case.decided) or prefixes (case.). */
    actions: z.array(z.string()).optional(),
  })
  .strict();

export type TRequestExportInput = z.input<typeof ZRequestExportInput>;

export const ZResolvedFilters = z.object({
  actor: z.string().nullable(),
  actorIsStaff: z.boolean(),
  actions: z.array(z.string()),
  actionPrefixes: z.array(z.string()),
  caseIds: z.array(z.string()),
  caseRefs: z.array(z.string()),
  accountId: z.string().nullable(),
  accountUid: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  outcome: z.enum(["SUCCESS", "DENIED", "FAILURE"]).nullable(),
});

/**
 * Export.filters of a background export: `mode` (streamed exports write "stream"), the filters as
 * the caller gave them (refs: for people and the audit entry) and the resolved ones the job runs.
 */
export const ZStoredExportFilters = z.object({ mode: z.literal("background"), labels: z.record(z.string(), z.string()), resolved: ZResolvedFilters });
export type StoredExportFilters = { mode: "background"; labels: Record<string, string>; resolved: AuditFilters };

/** Audit target type of an Export row. */
export const EXPORT_TARGET = "Export";
