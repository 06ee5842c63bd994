import type { Metadata } from "next";
import { ExportForm } from "@/components/audit/export-form";
import { ExportList } from "@/components/audit/export-list";
import { NotAllowed } from "@/components/auth/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { listExports } from "@/lib/exports/get-export";

export const metadata: Metadata = { title: "Audit exports" };

export default async function AuditExportsPage() {
  const { allowed, actor, session } = await pageSession("audit.read");
  if (!allowed) return <NotAllowed what="Audit exports" />;
  const canExport = roleHas(session.staff.role, "audit.export");
  const exports = await listExports(actor);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit exports"
        description={`Large exports of the audit trail run in the background and are kept for ${config.EXPORT_RETENTION_DAYS} days. Each file comes with a manifest: row count, first and last entry, the chain head and the file's SHA-256.`}
      />
      {canExport ? <ExportForm /> : <p className="text-sm text-slate-600">Only auditors and administrators can export the audit trail.</p>}
      <ExportList exports={exports} />
    </div>
  );
}
