"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { Dashboard } from "@/lib/dashboard/types";
import { ChartFrame } from "./chart-frame";
import { COLORS, formatDay, formatDuration, formatDurationTick } from "./format";

/** Median (solid) and 90th percentile (dashed) time from case creation to first claim and to decision, per day. */
export function TimingChart({ claim, decision }: { claim: Dashboard["timeToFirstClaim"]; decision: Dashboard["timeToDecision"] }) {
  const data = claim.perDay.map((c, i) => {
    const d = decision.perDay[i];
    return { day: formatDay(c.date), claimMedian: c.medianSeconds, claimP90: c.p90Seconds, claims: c.count, decisionMedian: d.medianSeconds, decisionP90: d.p90Seconds, decisions: d.count };
  });
  const summary = `median time to first claim ${formatDuration(claim.overall.medianSeconds)} over ${claim.overall.count} cases; median time to decision ${formatDuration(decision.overall.medianSeconds)} over ${decision.overall.count} cases.`;
  const empty = claim.overall.count + decision.overall.count === 0;
  return (
    <ChartFrame
      title="Time to first claim and to decision"
      description="From the case's creation, by the day the claim or decision happened. Solid: median; dashed: 90th percentile."
      summary={summary}
      empty={empty ? "No case was claimed or decided in this period." : null}
      table={{
        caption: "Time from case creation to first claim and to decision, per day (UTC)",
        columns: ["Day", "Cases claimed", "Median to claim", "90th percentile to claim", "Cases decided", "Median to decision", "90th percentile to decision"],
        rows: data.map((d) => [d.day, d.claims, formatDuration(d.claimMedian), formatDuration(d.claimP90), d.decisions, formatDuration(d.decisionMedian), formatDuration(d.decisionP90)]),
      }}
    >
      <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={COLORS.grid} />
        <XAxis dataKey="day" tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} minTickGap={12} />
        <YAxis tickFormatter={formatDurationTick} tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} axisLine={false} width={48} />
        <Tooltip formatter={(v) => formatDuration(typeof v === "number" ? v : null)} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        <Line type="monotone" dataKey="claimMedian" name="Median to claim" stroke={COLORS.brand} strokeWidth={2} dot={{ r: 2 }} connectNulls={false} />
        <Line type="monotone" dataKey="claimP90" name="P90 to claim" stroke={COLORS.brandLight} strokeDasharray="4 3" dot={false} connectNulls={false} />
        <Line type="monotone" dataKey="decisionMedian" name="Median to decision" stroke={COLORS.emerald} strokeWidth={2} dot={{ r: 2 }} connectNulls={false} />
        <Line type="monotone" dataKey="decisionP90" name="P90 to decision" stroke={COLORS.emeraldLight} strokeDasharray="4 3" dot={false} connectNulls={false} />
      </LineChart>
    </ChartFrame>
  );
}
