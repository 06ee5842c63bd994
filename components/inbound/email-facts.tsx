import { formatDateTime } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import type { InboundEmailDetail } from "@/lib/intake/staff/get-inbound-email";
import { AuthBadge, InboundStatusBadge } from "./badges";
import { formatBytes, statusText } from "./labels";

const dash = (v: string | null | undefined) => (v ? v : "—");

/** Who sent it, how it arrived, what it matched, and whether the sender's domain vouched for it. */
export function EmailFacts({ email }: { email: InboundEmailDetail }) {
  const facts: [string, string][] = [
    ["From", email.sender.name ? `${email.sender.name} <${dash(email.sender.address)}>` : dash(email.sender.address)],
    ["To", dash(email.toAddress)],
    ["Received", formatDateTime(email.receivedAt)],
    ["Processed", formatDateTime(email.processedAt)],
    ["Provider", email.provider.toLowerCase()],
    ["Provider message id", email.providerMessageId],
    ["Message-ID", dash(email.messageId)],
    ["In reply to", dash(email.inReplyTo)],
    ["Account", dash(email.match.accountUid)],
    ["Case", email.case ? `${email.case.ref} (${email.case.status.toLowerCase().replaceAll("_", " ")})` : "—"],
    ["Processing attempts", String(email.attempts)],
    ["Raw size", formatBytes(email.rawSize)],
  ];
  if (email.linkedAt) facts.push(["Linked by hand", `${email.linkedBy?.name ?? "a staff member"}, ${formatDateTime(email.linkedAt)}`]);
  if (email.lastRetriedAt) facts.push(["Last retried", formatDateTime(email.lastRetriedAt)]);
  const anyAuthFailed = [email.auth.spf, email.auth.dkim, email.auth.dmarc].some((r) => r === "FAIL" || r === "SOFTFAIL" || r === "PERMERROR");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <InboundStatusBadge status={email.status} stuck={email.stuck} purgedAt={email.purgedAt} />
        <span className="text-sm text-slate-600">{statusText[email.status]?.hint}</span>
      </div>
      {email.error ? (
        <div role="note" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-semibold">{email.status === "FAILED" ? "Why it failed" : "Last error"}</p>
          <p className="mt-1 break-words">{email.error}</p>
        </div>
      ) : null}
      {email.auth.displayNameSpoof ? (
        <Notice title="Display-name spoofing" tone="warning">
          The sender&apos;s display name claims an address or brand that the sending address does not match. Treat the content with suspicion.
        </Notice>
      ) : null}
      <section aria-labelledby="auth-title" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="auth-title" className="text-base font-semibold text-slate-900">
          Sender authentication
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {anyAuthFailed
            ? "At least one check failed: the message may not come from the domain it claims."
            : "As reported by the receiving email provider."}
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <AuthBadge check="SPF" result={email.auth.spf} />
          <AuthBadge check="DKIM" result={email.auth.dkim} />
          <AuthBadge check="DMARC" result={email.auth.dmarc} />
        </div>
      </section>
      <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-2">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium break-words text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
