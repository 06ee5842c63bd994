import Link from "next/link";
import { AuthBadge, SpoofBadge, VerdictBadge } from "@/components/inbound/badges";
import { replyStatusText, sideText, templateText } from "@/components/inbound/labels";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { ThreadInbound, ThreadItem, ThreadOutbound } from "@/lib/cases/case-context";
import type { EmailBody } from "@/lib/cases/case-context-bodies";
import { EmailBodyView } from "./case-context-email-body";

// The case's emails, both directions, oldest first. Everything the sender chose (name, subject,
// file names, text) is rendered as text; only sanitised HTML is inserted as HTML.

/** Loading: undefined; loading failed: null. */
export type BodiesState = Record<string, EmailBody> | null | undefined;

function Inbound({ item, body, canOpenInbound }: { item: ThreadInbound; body: EmailBody | null | undefined; canOpenInbound: boolean }) {
  const titleId = `email-${item.id}`;
  return (
    <article aria-labelledby={titleId} className="rounded-md border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={titleId} className="min-w-0 text-sm font-semibold break-words text-slate-900">
          <span className="font-normal text-slate-500">From the customer: </span>
          {item.subject ?? <span className="font-normal text-slate-500">(no subject)</span>}
        </h3>
        <span className="text-xs whitespace-nowrap text-slate-500">{formatDateTime(item.at)}</span>
      </div>
      <p className="mt-1 text-sm break-words text-slate-700">
        {item.sender.name ? `${item.sender.name} ` : null}
        <span className="font-mono text-xs text-slate-500">&lt;{item.sender.address ?? "no address"}&gt;</span>
        {canOpenInbound ? (
          <>
            {" · "}
            <Link href={`/inbound/${item.id}`} className="text-xs font-medium text-brand-700 hover:underline">
              Email details
            </Link>
          </>
        ) : null}
      </p>
      <div className="mt-2 flex flex-wrap gap-1" aria-label="Sender checks">
        <AuthBadge check="SPF" result={item.auth.spf} />
        <AuthBadge check="DKIM" result={item.auth.dkim} />
        <AuthBadge check="DMARC" result={item.auth.dmarc} />
        {item.auth.displayNameSpoof ? <SpoofBadge /> : null}
      </div>
      <EmailBodyView body={body} />
      {item.attachments.length ? (
        <ul className="mt-2 space-y-1" aria-label="Attachments">
          {item.attachments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
              <VerdictBadge verdict={a.verdict} />
              <span className="max-w-72 truncate font-mono" title={a.fileName ?? undefined}>
                {a.fileName ?? "(no file name)"}
              </span>
              <span className="text-slate-500">{sideText[a.side] ?? a.side}</span>
              {a.verdictReason ? <span className="text-slate-500">— {a.verdictReason}</span> : null}
              {a.purged ? <Badge tone="slate">Purged</Badge> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-xs text-slate-500">No attachments.</p>
      )}
    </article>
  );
}

function Outbound({ item }: { item: ThreadOutbound }) {
  const titleId = `email-${item.id}`;
  const status = replyStatusText[item.status] ?? { label: item.status, tone: "slate" as const };
  return (
    <article aria-labelledby={titleId} className="rounded-md border border-brand-200 bg-brand-50/40 p-3 sm:ml-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={titleId} className="min-w-0 text-sm font-semibold break-words text-slate-900">
          <span className="font-normal text-slate-500">To the customer: </span>
          {item.subject ?? templateText[item.template] ?? item.template}
        </h3>
        <span className="text-xs whitespace-nowrap text-slate-500">Queued {formatDateTime(item.at)}</span>
      </div>
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span>{templateText[item.template] ?? item.template}</span>
        <Badge tone={status.tone}>{status.label}</Badge>
        {item.sentAt ? <span className="text-xs text-slate-500">sent {formatDateTime(item.sentAt)}</span> : null}
        <span className="font-mono text-xs text-slate-500">to {item.toAddress}</span>
      </p>
      {item.text ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-medium text-brand-700">Text sent</summary>
          <div className="mt-2 max-h-80 overflow-auto rounded-md border border-slate-200 bg-white px-3 py-2 text-sm break-words whitespace-pre-wrap text-slate-800">{item.text}</div>
        </details>
      ) : null}
    </article>
  );
}

export function CaseEmailThread({ thread, bodies, canOpenInbound }: { thread: ThreadItem[]; bodies: BodiesState; canOpenInbound: boolean }) {
  return (
    <section aria-labelledby="email-thread-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="email-thread-title" className="text-base font-semibold text-slate-900">
        Email thread
      </h2>
      <p className="mt-1 text-sm text-slate-600">The customer&apos;s emails and ours, oldest first. Our emails show their text rendered again from the template and the values they were sent with.</p>
      {thread.length ? (
        <ol className="mt-3 space-y-3">
          {thread.map((item) => (
            <li key={`${item.kind}-${item.id}`}>
              {item.kind === "inbound" ? (
                <Inbound item={item} body={bodies === undefined || bodies === null ? bodies : (bodies[item.id] ?? { kind: "unavailable", reason: "not_loaded" })} canOpenInbound={canOpenInbound} />
              ) : (
                <Outbound item={item} />
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No emails are linked to this case.</p>
      )}
    </section>
  );
}

/** Waits for the bodies (streamed in under a Suspense boundary) and renders the thread with them. */
export async function CaseEmailThreadWithBodies({ thread, bodies, canOpenInbound }: { thread: ThreadItem[]; bodies: Promise<Record<string, EmailBody> | null>; canOpenInbound: boolean }) {
  return <CaseEmailThread thread={thread} bodies={await bodies} canOpenInbound={canOpenInbound} />;
}
