import type { Metadata } from "next";
import { NotAllowed } from "@/components/auth/not-allowed";
import { pageSession } from "@/lib/auth/current";
import { EmptyState } from "@/components/ui/empty-state";
import { AccountsIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage() {
  const { allowed } = await pageSession("account.read");
  if (!allowed) return <NotAllowed what="Customer accounts" />;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Accounts"
        description="Look up an exchange customer by account uid and inspect their devices and login history."
      />
      <EmptyState
        icon={<AccountsIcon className="size-6" />}
        title="Account lookup arrives with issue #5"
        upcoming={[
          "Search by account uid (no free-text search on personal data)",
          "Devices with status — pending, authorised, revoked, expired after 30 days",
          "Login history: method, outcome, network and IP-mismatch flags",
        ]}
      >
        No accounts are shown yet: this page does not read any data until account lookup is built.
      </EmptyState>
    </div>
  );
}
