import { formatDate } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";

/** Shown instead of the actions on an email retention purged: nothing can be done with it any more. */
export function PurgedNotice({ purgedAt }: { purgedAt: Date | string }) {
  return (
    <Notice title={`Purged ${formatDate(purgedAt)}`}>
      No case claimed this email, so under the retention policy its raw message and attachments were deleted and the sender&apos;s name and the subject
      removed. The sender address, the vetting verdicts and the audit trail remain. It can no longer be linked, retried or answered.
    </Notice>
  );
}
