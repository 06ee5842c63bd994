import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { InboundReply } from "@/lib/intake/staff/get-inbound-email";
import { replyStatusText, templateText } from "./labels";

/** The emails we queued in answer to this one, and whether they went out. */
export function ReplyList({ replies }: { replies: InboundReply[] }) {
  return (
    <section aria-labelledby="replies-title" className="space-y-3">
      <h2 id="replies-title" className="text-base font-semibold text-slate-900">
        Replies sent
      </h2>
      {replies.length === 0 ? (
        <p className="text-sm text-slate-600">No reply was sent for this email.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {replies.map((r) => {
            const s = replyStatusText[r.status] ?? { label: r.status, tone: "slate" as const };
            return (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                <span className="font-medium text-slate-900">{templateText[r.template] ?? r.template}</span>
                <span className="flex items-center gap-3 text-slate-600">
                  <span>{r.sentAt ? `sent ${formatDateTime(r.sentAt)}` : `queued ${formatDateTime(r.createdAt)}`}</span>
                  <Badge tone={s.tone}>{s.label}</Badge>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
