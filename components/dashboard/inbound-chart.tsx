"use client";

import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { INBOUND_OUTCOMES, type Dashboard } from "@/lib/dashboard/types";
import { ChartFrame } from "./chart-frame";
import { COLORS, formatCount, formatDay, inboundOutcomeText } from "./format";

const color: Record<(typeof INBOUND_OUTCOMES)[number], string> = {
  matched: COLORS.emerald,
  unmatched: COLORS.amber,
  rejected: COLORS.slate,
  failed: COLORS.red,
  pending: COLORS.brandLight,
};

/** Inbound emails received per day, stacked by what became of them. */
export function InboundChart({ inbound }: { inbound: Dashboard["inbound"] }) {
  const data = inbound.perDay.map((d) => ({ ...d, day: formatDay(d.date) }));
  const totals = INBOUND_OUTCOMES.map((o) => ({ o, n: inbound.perDay.reduce((s, d) => s + d[o], 0) })).filter((t) => t.n > 0);
  const summary = inbound.total ? `${inbound.total} emails: ${totals.map((t) => `${t.n} ${inboundOutcomeText[t.o].toLowerCase()}`).join(", ")}.` : "no emails.";
  return (
    <ChartFrame
      title="Inbound email volume"
      description={`Customer emails received per day, by outcome: ${formatCount(inbound.total)} in this period.`}
      summary={summary}
      empty={inbound.total === 0 ? "No email arrived in this period." : null}
      table={{
        caption: "Inbound emails per day (UTC), by outcome",
        columns: ["Day", ...INBOUND_OUTCOMES.map((o) => inboundOutcomeText[o]), "Total"],
        rows: data.map((d) => [d.day, ...INBOUND_OUTCOMES.map((o) => d[o]), d.total]),
      }}
    >
      <AreaChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke={COLORS.grid} />
        <XAxis dataKey="day" tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} minTickGap={12} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} axisLine={false} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {INBOUND_OUTCOMES.map((o) => (
          <Area key={o} type="monotone" dataKey={o} name={inboundOutcomeText[o]} stackId="inbound" stroke={color[o]} fill={color[o]} fillOpacity={0.35} />
        ))}
      </AreaChart>
    </ChartFrame>
  );
}
