import type { Metadata } from "next";
import { NotAllowed } from "@/components/auth/not-allowed";
import { pageSession } from "@/lib/auth/current";
import { EmptyState } from "@/components/ui/empty-state";
import { AuditIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  const { allowed } = await pageSession("audit.read");
  if (!allowed) return <NotAllowed what="The audit trail" />;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit"
        description="The append-only, hash-chained record of every staff action, for auditors and supervisors."
      />
      <EmptyState
        icon={<AuditIcon className="size-6" />}
        title="Audit search and export arrive with issue #7"
        upcoming={[
          "Search the trail by date range, actor, case or action",
          "Export a date range as a verifiable file",
          "Verify the hash chain and its anchors",
        ]}
      >
        No audit entries are shown yet: this page does not read any data until audit search is built.
      </EmptyState>
    </div>
  );
}
