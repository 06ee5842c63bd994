import type { Dashboard } from "@/lib/dashboard/types";
import { formatCount, formatDuration } from "./format";

function Stat({ label, value, detail, tone = "slate" }: { label: string; value: string; detail: string; tone?: "slate" | "red" }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone === "red" ? "text-red-700" : "text-slate-900"}`}>{value}</dd>
      <dd className="mt-0.5 text-xs text-slate-500">{detail}</dd>
    </div>
  );
}

/** The four headline figures: open backlog, breaching now, median time to first claim and to decision. */
export function StatCards({ data }: { data: Dashboard }) {
  const { backlog, sla, timeToFirstClaim: claim, timeToDecision: decision } = data;
  const period = `last ${data.window.days} ${data.window.days === 1 ? "day" : "days"}`;
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Stat label="Open backlog" value={formatCount(backlog.total)} detail={`${formatCount(backlog.unassigned)} unassigned`} />
      <Stat
        label="Breaching SLA now"
        value={formatCount(sla.breachingNow)}
        detail={`${formatCount(sla.dueSoon)} due within ${sla.dueSoonMinutes} min`}
        tone={sla.breachingNow > 0 ? "red" : "slate"}
      />
      <Stat
        label="Median time to first claim"
        value={formatDuration(claim.overall.medianSeconds)}
        detail={claim.overall.count ? `90th percentile ${formatDuration(claim.overall.p90Seconds)} · ${formatCount(claim.overall.count)} cases, ${period}` : `No claims, ${period}`}
      />
      <Stat
        label="Median time to decision"
        value={formatDuration(decision.overall.medianSeconds)}
        detail={decision.overall.count ? `90th percentile ${formatDuration(decision.overall.p90Seconds)} · ${formatCount(decision.overall.count)} cases, ${period}` : `No decisions, ${period}`}
      />
    </dl>
  );
}
