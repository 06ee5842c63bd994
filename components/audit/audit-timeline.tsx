import { Badge, RoleBadge } from "@/components/ui/badge";
import type { AuditEntryRow } from "@/lib/audit/search";
import { EntryDetail } from "./entry-detail";
import { actorLabel, changesOf, formatAuditTime, outcomeText } from "./labels";

// One case's audit trail as a timeline, oldest first: who did what, the before → after of each
// step, and the full entry (request, hashes) behind a disclosure.

export function AuditTimeline({ rows, caseRef, emptyText }: { rows: AuditEntryRow[]; caseRef: string; emptyText: string }) {
  if (!rows.length) return <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">{emptyText}</p>;
  return (
    <section aria-label={`Audit timeline of ${caseRef}`} className="rounded-lg border border-slate-200 bg-white p-4">
      <ol className="relative space-y-5 border-l border-slate-200 pl-5">
        {rows.map((e) => {
          const o = outcomeText[e.outcome] ?? { label: e.outcome, tone: "slate" as const };
          const { changes } = changesOf(e.data);
          return (
            <li key={e.seq} className="relative">
              <span aria-hidden="true" className={`absolute top-1.5 -left-[25px] size-2.5 rounded-full border-2 border-white ${e.outcome === "SUCCESS" ? "bg-brand-500" : "bg-red-500"}`} />
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono font-medium text-slate-900">{e.action}</span>
                {e.outcome !== "SUCCESS" ? <Badge tone={o.tone}>{o.label}</Badge> : null}
                <span className="text-slate-600">by {actorLabel(e.actor)}</span>
                {e.actor.role ? <RoleBadge role={e.actor.role} /> : null}
              </p>
              <p className="text-xs text-slate-500">
                <time dateTime={e.occurredAt}>{formatAuditTime(e.occurredAt)}</time> · entry {e.seq}
              </p>
              {changes.length ? (
                <ul className="mt-1 text-xs text-slate-700">
                  {changes.map((c) => (
                    <li key={c.field}>
                      {c.field}: <span className="font-mono">{c.before}</span> → <span className="font-mono">{c.after}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              <details className="mt-1">
                <summary className="cursor-pointer text-xs font-medium text-brand-700">Data, request and hashes</summary>
                <div className="mt-2 rounded-md bg-slate-50 p-3">
                  <EntryDetail entry={e} />
                </div>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
