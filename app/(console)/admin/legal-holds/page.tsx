import type { Metadata } from "next";
import { LegalHoldForm } from "@/components/admin/legal-hold-form";
import { LegalHoldTable } from "@/components/admin/legal-hold-table";
import { NotAllowed } from "@/components/auth/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { listLegalHolds } from "@/lib/retention/holds";

export const metadata: Metadata = { title: "Legal holds" };

const header = (
  <PageHeader
    title="Legal holds"
    description={`ID photos are deleted ${config.DOCUMENT_RETENTION_DAYS} days after a case is decided (hashes, decision and audit trail stay). A hold on a case or an account keeps its photos until released.`}
  />
);

export default async function LegalHoldsPage() {
  const { actor, allowed } = await pageSession("audit.read");
  if (!allowed || actor.type !== "STAFF") {
    return (
      <div className="space-y-6">
        {header}
        <NotAllowed what="Legal holds" />
      </div>
    );
  }
  const holds = await listLegalHolds(actor, { request: await currentRequest() });
  // Only hides controls the server would refuse anyway (the use cases check retention.manage).
  const canManage = roleHas(actor.role, "retention.manage");
  return (
    <div className="space-y-8">
      {header}
      {canManage ? (
        <details className="rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">Place a hold</summary>
          <div className="pt-4">
            <LegalHoldForm />
          </div>
        </details>
      ) : null}
      <section aria-labelledby="holds-title" className="space-y-4">
        <h2 id="holds-title" className="text-lg font-semibold text-slate-900">
          Holds
        </h2>
        <LegalHoldTable holds={holds} canRelease={canManage} />
      </section>
    </div>
  );
}
