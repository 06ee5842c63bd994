"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { caseStatusText } from "@/components/accounts/labels";
import type { Dashboard } from "@/lib/dashboard/types";
import { ChartFrame } from "./chart-frame";
import { COLORS, formatCount } from "./format";

/** Open cases by status, stacked: assigned and unassigned. */
export function BacklogChart({ backlog }: { backlog: Dashboard["backlog"] }) {
  const data = backlog.byStatus.map((r) => ({ label: caseStatusText[r.status]?.label ?? r.status, assigned: r.total - r.unassigned, unassigned: r.unassigned, total: r.total }));
  const summary = data.map((r) => `${r.label} ${r.total} (${r.unassigned} unassigned)`).join(", ");
  return (
    <ChartFrame
      title="Backlog by status"
      description={`${formatCount(backlog.total)} open cases, ${formatCount(backlog.unassigned)} without an assignee.`}
      summary={summary}
      empty={backlog.total === 0 ? "No open cases: the queue is empty." : null}
      table={{ caption: "Open cases by status", columns: ["Status", "Open", "Assigned", "Unassigned"], rows: data.map((r) => [r.label, r.total, r.assigned, r.unassigned]) }}
    >
      <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid horizontal={false} stroke={COLORS.grid} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} />
        <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12, fill: COLORS.axis }} tickLine={false} axisLine={false} />
        <Tooltip cursor={{ fill: COLORS.grid, opacity: 0.4 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        <Bar dataKey="assigned" name="Assigned" stackId="backlog" fill={COLORS.brand} />
        <Bar dataKey="unassigned" name="Unassigned" stackId="backlog" fill={COLORS.amber} radius={[0, 3, 3, 0]} />
      </BarChart>
    </ChartFrame>
  );
}
