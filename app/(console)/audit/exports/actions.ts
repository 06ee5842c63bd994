"use server";

import { runAction } from "@/lib/auth/current";
import { downloadExport } from "@/lib/exports/download-export";
import { requestExport } from "@/lib/exports/request-export";
import type { TRequestExportInput } from "@/lib/exports/schema";

// Background exports from /audit/exports. Every export is callable from the internet: each hands
// its argument to a use case, which checks audit.export (with step-up) first, then validates —
// the same functions serve POST /api/v1/exports and GET /api/v1/exports/{id}/download.

export async function requestExportAction(input: TRequestExportInput) {
  return runAction(({ actor, request }) => requestExport(actor, input, { request }));
}

/** Audits the download, then returns a presigned link (≤ 60 s) the browser opens at once. */
export async function downloadExportAction(id: string) {
  return runAction(({ actor, request }) => downloadExport(actor, String(id), { request }));
}
