import type { Metadata } from "next";
import { NotAllowed } from "@/components/auth/not-allowed";
import { pageSession } from "@/lib/auth/current";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Review queue" };

export default async function QueuePage() {
  const { allowed } = await pageSession("queue.read");
  if (!allowed) return <NotAllowed what="The review queue" />;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Review queue"
        description="Cases opened from customers' ID emails when face recognition could not authorise a new device."
      />
      <EmptyState
        icon={<InboxIcon className="size-6" />}
        title="The review queue arrives with issue #6"
        upcoming={[
          "Open cases ordered by SLA due time, with priority and risk flags",
          "“Claim next” to take the oldest unclaimed case",
          "Filters by status, assignee and age; server-side paging",
        ]}
      >
        No cases are shown yet: this page does not read any data until the queue is built.
      </EmptyState>
    </div>
  );
}
