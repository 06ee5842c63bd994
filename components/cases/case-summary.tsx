import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { CaseDetail } from "@/lib/cases/get-case";
import { caseStatusText, priorityText, riskFlagText } from "./labels";
import { SlaTimer } from "./sla-timer";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** The case's state at a glance: status, priority, SLA, assignee, risk flags; `claim` sits beside it. */
export function CaseSummary({ c, renderedAt, claim }: { c: CaseDetail["case"]; renderedAt: number; claim?: ReactNode }) {
  const status = caseStatusText[c.status] ?? { label: c.status, tone: "slate" as const };
  const priority = priorityText[c.priority] ?? { label: c.priority, tone: "slate" as const };
  return (
    <section aria-labelledby="summary-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="summary-title" className="sr-only">
        Case summary
      </h2>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <dl className="grid flex-1 grid-cols-2 gap-4 sm:grid-cols-3 xl:grid-cols-6">
          <Fact label="Status">
            <Badge tone={status.tone}>{status.label}</Badge>
          </Fact>
          <Fact label="Priority">
            <Badge tone={priority.tone}>{priority.label}</Badge>
          </Fact>
          <Fact label="SLA">
            <SlaTimer dueAt={c.slaDueAt} breachedAt={c.slaBreachedAt} renderedAt={renderedAt} decided={c.slaState === null} wrap />
          </Fact>
          <Fact label="Assignee">{c.assignee?.name ?? <span className="text-slate-500">Unassigned</span>}</Fact>
          <Fact label="Opened">{formatDateTime(c.createdAt)}</Fact>
          <Fact label={c.decidedAt ? "Decided" : "Claimed"}>
            {c.decidedAt ? `${formatDateTime(c.decidedAt)}${c.decidedBy ? ` by ${c.decidedBy.name}` : ""}` : formatDateTime(c.claimedAt)}
          </Fact>
        </dl>
        {claim ? <div className="shrink-0">{claim}</div> : null}
      </div>
      {c.riskFlags.length ? (
        <div className="mt-4 flex flex-wrap items-center gap-1.5 border-t border-slate-100 pt-3">
          <span className="mr-1 text-xs font-medium text-slate-500">Risk flags</span>
          {c.riskFlags.map((f) => (
            <Badge key={f} tone="amber">
              {riskFlagText[f] ?? f}
            </Badge>
          ))}
        </div>
      ) : null}
    </section>
  );
}
