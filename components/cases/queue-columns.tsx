"use client";

import Link from "next/link";
import { columnVisibilityFeature, createColumnHelper, rowSelectionFeature, tableFeatures } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { QueueRow, QueueSort } from "@/lib/cases/queue-types";
import { caseHref, caseStatusText, maskEmail, priorityText, riskFlagText } from "./labels";
import { SlaTimer } from "./sla-timer";

// The queue's columns. Module scope: TanStack Table v9 wants stable features and columns. Sorting
// happens on the server (the URL's sort/dir); `sortKey` says which columns' headers sort.

export const queueFeatures = tableFeatures({ columnVisibilityFeature, rowSelectionFeature });
const helper = createColumnHelper<typeof queueFeatures, QueueRow>();

export const sortKey: Record<string, QueueSort> = { priority: "urgency", sla: "sla", createdAt: "created", updatedAt: "updated" };

/** Columns the visibility menu offers (the reference and the checkbox always show). */
export const toggleableColumns: { id: string; label: string }[] = [
  { id: "status", label: "Status" },
  { id: "priority", label: "Priority" },
  { id: "riskFlags", label: "Risk flags" },
  { id: "account", label: "Account" },
  { id: "assignee", label: "Assignee" },
  { id: "sla", label: "SLA" },
  { id: "createdAt", label: "Created" },
  { id: "updatedAt", label: "Updated" },
  { id: "documentCount", label: "Documents" },
];

export const defaultHidden = ["updatedAt"];

export function queueColumns(renderedAt: number) {
  return helper.columns([
    helper.display({
      id: "select",
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select every case on this page"
          className="size-4 accent-brand-700"
          checked={table.getIsAllRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomeRowsSelected() && !table.getIsAllRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select ${row.original.ref}`}
          className="size-4 accent-brand-700"
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    }),
    helper.accessor("ref", {
      header: "Case",
      cell: (info) => (
        <Link href={caseHref(info.getValue())} className="font-mono font-medium whitespace-nowrap text-brand-700 hover:underline">
          {info.getValue()}
        </Link>
      ),
    }),
    helper.accessor("status", {
      header: "Status",
      cell: (info) => {
        const s = caseStatusText[info.getValue()] ?? { label: info.getValue(), tone: "slate" as const };
        return <Badge tone={s.tone}>{s.label}</Badge>;
      },
    }),
    helper.accessor("priority", {
      header: "Priority",
      cell: (info) => {
        const p = priorityText[info.getValue()] ?? { label: info.getValue(), tone: "slate" as const };
        return <Badge tone={p.tone}>{p.label}</Badge>;
      },
    }),
    helper.accessor("riskFlags", {
      header: "Risk flags",
      cell: (info) =>
        info.getValue().length ? (
          <span className="flex max-w-56 flex-wrap gap-1">
            {info.getValue().map((f) => (
              <Badge key={f} tone="amber">
                {riskFlagText[f] ?? f}
              </Badge>
            ))}
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    }),
    helper.accessor("account", {
      header: "Account",
      cell: (info) => (
        <div className="text-xs">
          <div className="font-mono text-slate-900">{info.getValue().uid}</div>
          <div className="text-slate-500">{maskEmail(info.getValue().email)}</div>
        </div>
      ),
    }),
    helper.accessor("assignee", {
      header: "Assignee",
      cell: (info) => <span className="block min-w-20">{info.getValue()?.name ?? <span className="text-slate-500">Unassigned</span>}</span>,
    }),
    helper.accessor("slaDueAt", {
      id: "sla",
      header: "SLA",
      cell: (info) => <SlaTimer dueAt={info.getValue()} breachedAt={info.row.original.slaBreachedAt} renderedAt={renderedAt} decided={info.row.original.slaState === null} />,
    }),
    helper.accessor("createdAt", { header: "Created", cell: (info) => <span className="block min-w-24 text-xs">{formatDateTime(info.getValue())}</span> }),
    helper.accessor("updatedAt", { header: "Updated", cell: (info) => <span className="block min-w-24 text-xs">{formatDateTime(info.getValue())}</span> }),
    helper.accessor("documentCount", { header: "Docs", cell: (info) => <span className="tabular-nums">{info.getValue()}</span> }),
  ]);
}
