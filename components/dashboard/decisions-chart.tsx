"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { DECISION_KINDS, type Dashboard } from "@/lib/dashboard/types";
import { ChartFrame } from "./chart-frame";
import { COLORS, decisionKindText, formatCount, formatDay, SERIES } from "./format";

/** Staff members drawn as their own series; the rest are summed as "Others". */
const TOP = SERIES.length - 1;

/** Decisions per day, stacked by staff member; the hidden table breaks each one down by kind. */
export function DecisionsChart({ decisions }: { decisions: Dashboard["decisions"] }) {
  const shown = decisions.agents.slice(0, TOP);
  const rest = decisions.agents.slice(TOP);
  const series = [...shown.map((a, i) => ({ key: `s${i}`, name: a.name })), ...(rest.length ? [{ key: "others", name: `Others (${rest.length})` }] : [])];
  const data = decisions.perDay.map((day, i) => ({
    day: formatDay(day.date),
    ...Object.fromEntries(shown.map((a, j) => [`s${j}`, a.perDay[i].count])),
    ...(rest.length ? { others: rest.reduce((n, a) => n + a.perDay[i].count, 0) } : {}),
  }));
  const summary = decisions.total
    ? `${decisions.total} decisions by ${decisions.agents.length} staff members; ${decisions.agents.slice(0, 3).map((a) => `${a.name} ${a.total}`).join(", ")}.`
    : "no decisions.";
  return (
    <ChartFrame
      title="Decisions per agent per day"
      description={`Approvals, rejections, requests for new photos, escalations and four-eyes requests: ${formatCount(decisions.total)} in this period.`}
      summary={summary}
      empty={decisions.total === 0 ? "Nobody decided a case in this period." : null}
      table={{
        caption: "Decisions per staff member in this period, by kind",
        columns: ["Staff member", ...DECISION_KINDS.map((k) => decisionKindText[k]), "Total"],
        rows: decisions.agents.map((a) => [a.name, ...DECISION_KINDS.map((k) => a.byKind[k]), a.total]),
      }}
    >
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke={COLORS.grid} />
        <XAxis dataKey="day" tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} minTickGap={12} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} axisLine={false} />
        <Tooltip cursor={{ fill: COLORS.grid, opacity: 0.4 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} stackId="decisions" fill={s.key === "others" ? SERIES[SERIES.length - 1] : SERIES[i]} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
