import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { AdminIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Admin" };

export default function AdminPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Admin" description="Staff accounts, roles and the settings that shape the review workflow." />
      <EmptyState
        icon={<AdminIcon className="size-6" />}
        title="Administration arrives with issue #3 (staff) and later settings issues"
        upcoming={[
          "Staff accounts, roles and MFA resets",
          "SLA targets and escalation rules",
          "Customer email templates and identity-service webhook endpoints",
        ]}
      >
        Nothing can be changed here yet: this page does not read or write any settings until administration is built.
      </EmptyState>
    </div>
  );
}
