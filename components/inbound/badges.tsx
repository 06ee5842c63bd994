import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/format";
import { authTone, statusText, verdictText } from "./labels";

export function InboundStatusBadge({ status, stuck, purgedAt }: { status: string; stuck?: boolean; purgedAt?: Date | string | null }) {
  const s = statusText[status] ?? { label: status, tone: "slate" as const, hint: "" };
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={s.tone} title={s.hint}>
        {s.label}
      </Badge>
      {stuck ? (
        <Badge tone="amber" title="No progress for 15 minutes since it was queued; it can be retried.">
          Stuck
        </Badge>
      ) : null}
      {purgedAt ? (
        <Badge tone="slate" title="Retention deleted the raw message and attachments, and removed the sender's name and the subject.">
          Purged {formatDate(purgedAt)}
        </Badge>
      ) : null}
    </span>
  );
}

/** One sender-authentication check ("SPF pass"); the word, not only the colour, carries the result. */
export function AuthBadge({ check, result }: { check: "SPF" | "DKIM" | "DMARC"; result: string | null }) {
  const { tone, word } = authTone(result);
  return (
    <Badge tone={tone} title={result ? `${check}: ${result}` : `${check}: not checked yet`}>
      {check} {word}
    </Badge>
  );
}

export function VerdictBadge({ verdict }: { verdict: string }) {
  const v = verdictText[verdict] ?? { label: verdict, tone: "slate" as const };
  return <Badge tone={v.tone}>{v.label}</Badge>;
}

export function SpoofBadge() {
  return (
    <Badge tone="red" title="The display name claims an address or brand that the sender's address does not match.">
      Display-name spoof
    </Badge>
  );
}
