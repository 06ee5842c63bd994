import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";

const statusTone: Record<string, BadgeTone> = { ACTIVE: "emerald", INVITED: "brand", DISABLED: "slate" };
const statusLabel: Record<string, string> = { ACTIVE: "Active", INVITED: "Invited", DISABLED: "Disabled" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone[status] ?? "slate"}>{statusLabel[status] ?? status}</Badge>;
}

export function MfaBadge({ enrolled }: { enrolled: boolean }) {
  return enrolled ? <Badge tone="emerald">MFA on</Badge> : <Badge tone="amber">MFA not enrolled</Badge>;
}

/** Shown only while a lockout is in force. */
export function LockBadge({ until }: { until: Date | string | null }) {
  if (!until) return null;
  return (
    <Badge tone="red" title={`Locked until ${formatDateTime(until)}`}>
      Locked
    </Badge>
  );
}
