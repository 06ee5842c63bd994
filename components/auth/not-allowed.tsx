import { EmptyState } from "@/components/ui/empty-state";
import { LockIcon } from "@/components/ui/icons";

/** What a signed-in staff member sees on a page their role may not open (the refusal is audited). */
export function NotAllowed({ what }: { what: string }) {
  return (
    <EmptyState icon={<LockIcon className="size-6" />} title="Your role cannot open this page">
      {what} is not part of your role. If you need it, ask an administrator; this attempt was recorded.
    </EmptyState>
  );
}
