import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { staffIdOf } from "../cases/shared";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { exportSelect, toExportView, visibleExport, type ExportView } from "./view";

/**
 * One export's status, progress, manifest and download route. Needs `audit.read` (no step-up, so
 * a progress bar can poll it); only the requester or an ADMIN sees it, anyone else gets 404.
 * Not audited: it shows metadata, not entries; the download is audited.
 */
export async function getExport(actor: Actor, id: string, opts: { request?: RequestContext; now?: Date } = {}): Promise<ExportView> {
  const { actor: staff } = await requireStaff(actor, "audit.read", { request: opts.request });
  return toExportView(await visibleExport(staff, id), opts.now);
}

/** The caller's own background exports, newest first (the console's list). Needs `audit.read`. */
export async function listExports(actor: Actor, opts: { request?: RequestContext; limit?: number; now?: Date } = {}): Promise<ExportView[]> {
  const { actor: staff } = await requireStaff(actor, "audit.read", { request: opts.request });
  const rows = await db.export.findMany({
    where: { requestedById: staffIdOf(staff), filters: { path: ["mode"], equals: "background" } },
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.limit ?? 50, 200),
    select: exportSelect,
  });
  return rows.map((r) => toExportView(r, opts.now));
}
