"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { Dashboard } from "@/lib/dashboard/types";
import { ChartFrame } from "./chart-frame";
import { COLORS, formatCount, formatDay } from "./format";

/** SLA breaches the SLA job recorded per day. */
export function BreachesChart({ sla }: { sla: Dashboard["sla"] }) {
  const data = sla.breachesPerDay.map((d) => ({ day: formatDay(d.date), breaches: d.breaches }));
  const worst = sla.breachesPerDay.reduce((w, d) => (d.breaches > w.breaches ? d : w), sla.breachesPerDay[0]);
  const summary = sla.breachesTotal ? `${sla.breachesTotal} breaches in ${data.length} days; most on ${formatDay(worst.date)} (${worst.breaches}).` : "no breaches.";
  return (
    <ChartFrame
      title="SLA breaches per day"
      description={`Cases that passed their SLA due time before a decision: ${formatCount(sla.breachesTotal)} in this period.`}
      summary={summary}
      empty={sla.breachesTotal === 0 ? "No case breached its SLA in this period." : null}
      table={{ caption: "SLA breaches per day (UTC)", columns: ["Day", "Breaches"], rows: data.map((d) => [d.day, d.breaches]) }}
    >
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke={COLORS.grid} />
        <XAxis dataKey="day" tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} minTickGap={12} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} axisLine={false} />
        <Tooltip cursor={{ fill: COLORS.grid, opacity: 0.4 }} />
        <Bar dataKey="breaches" name="Breaches" fill={COLORS.red} radius={[3, 3, 0, 0]} />
      </BarChart>
    </ChartFrame>
  );
}
