import type { Metadata } from "next";
import { NotAllowed } from "@/components/auth/not-allowed";
import { VerifyForm } from "@/components/audit/verify-form";
import { formatDateTime } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { anchorStatus } from "@/lib/audit/anchor-status";
import { currentRequest, pageSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Verify the audit chain" };

const header = (
  <PageHeader
    title="Verify the audit chain"
    description="Recomputes every entry's hash, checks each links to the one before, and compares the hourly anchors kept in write-once storage. Names the first broken link. Each run is itself audited."
  />
);

export default async function VerifyPage() {
  const { actor, allowed } = await pageSession("audit.verify");
  if (!allowed) {
    return (
      <div className="space-y-6">
        {header}
        <NotAllowed what="Verifying the audit chain" />
      </div>
    );
  }
  const anchors = await anchorStatus(actor, { request: await currentRequest() });
  return (
    <div className="space-y-6">
      {header}
      <Notice title="Anchors" tone={anchors.latest ? "info" : "warning"}>
        {anchors.latest
          ? `${anchors.count} anchor(s) in the write-once audit bucket; the latest covers entries up to #${anchors.latest.seq}, taken ${formatDateTime(anchors.latest.anchoredAt)}. The scheduler adds one every hour while the trail grows.`
          : "No anchor yet: the scheduler worker writes the first within the hour (or run npm run gatehouse -- audit anchor). Until then only the chain itself is checked."}
      </Notice>
      <VerifyForm />
    </div>
  );
}
