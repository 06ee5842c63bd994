"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { createColumnHelper, rowExpandingFeature, tableFeatures, useTable, type ExpandedState } from "@tanstack/react-table";
import { accountHref } from "@/components/accounts/labels";
import { caseHref } from "@/components/cases/labels";
import { Badge, RoleBadge } from "@/components/ui/badge";
import type { AuditEntryRow } from "@/lib/audit/search";
import { EntryDetail } from "./entry-detail";
import { actorLabel, formatAuditTime, outcomeText } from "./labels";

// One page of the audit trail (paged on the server by keyset). Each row opens to its data, request
// and hashes; case and account cells link to their pages.

const features = tableFeatures({ rowExpandingFeature });
const helper = createColumnHelper<typeof features, AuditEntryRow>();
const link = "font-mono whitespace-nowrap text-brand-700 hover:underline";

const columns = helper.columns([
  helper.display({
    id: "expand",
    header: () => <span className="sr-only">Details</span>,
    cell: ({ row }) => (
      <button
        type="button"
        aria-expanded={row.getIsExpanded()}
        aria-label={`${row.getIsExpanded() ? "Hide" : "Show"} details of entry ${row.original.seq}`}
        onClick={row.getToggleExpandedHandler()}
        className="rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      >
        <span aria-hidden="true">{row.getIsExpanded() ? "▾" : "▸"}</span>
      </button>
    ),
  }),
  helper.accessor("seq", { header: "Seq", cell: (i) => <span className="font-mono text-slate-600">{i.getValue()}</span> }),
  helper.accessor("occurredAt", { header: "Time (UTC)", cell: (i) => <time dateTime={i.getValue()} className="whitespace-nowrap">{formatAuditTime(i.getValue()).replace(" UTC", "")}</time> }),
  helper.accessor("actor", {
    header: "Actor",
    cell: (i) => {
      const a = i.getValue();
      return (
        <span className="inline-flex flex-wrap items-center gap-1.5">
          <span className="break-all">{actorLabel(a)}</span>
          {a.role ? <RoleBadge role={a.role} /> : null}
        </span>
      );
    },
  }),
  helper.accessor("action", { header: "Action", cell: (i) => <span className="font-mono whitespace-nowrap">{i.getValue()}</span> }),
  helper.accessor("outcome", {
    header: "Outcome",
    cell: (i) => {
      const o = outcomeText[i.getValue()] ?? { label: i.getValue(), tone: "slate" as const };
      return <Badge tone={o.tone}>{o.label}</Badge>;
    },
  }),
  helper.accessor("case", { header: "Case", cell: (i) => (i.getValue()?.ref ? <Link href={caseHref(i.getValue()!.ref!)} className={link}>{i.getValue()!.ref}</Link> : <span className="text-slate-400">—</span>) }),
  helper.accessor("account", { header: "Account", cell: (i) => (i.getValue()?.uid ? <Link href={accountHref(i.getValue()!.uid!)} className={link}>{i.getValue()!.uid}</Link> : <span className="text-slate-400">—</span>) }),
]);

export function AuditTable({ rows, emptyText }: { rows: AuditEntryRow[]; emptyText: string }) {
  const [expanded, setExpanded] = useState<ExpandedState>({});
  const table = useTable({ features, columns, data: rows, getRowId: (r) => r.seq, getRowCanExpand: () => true, state: { expanded }, onExpandedChange: setExpanded });
  const width = table.getAllLeafColumns().length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Audit entries. Open a row to see its data, request details and hashes.</caption>
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="px-3 py-2 text-left font-semibold whitespace-nowrap text-slate-700">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <Fragment key={row.id}>
              <tr className={row.original.outcome === "DENIED" ? "bg-red-50/40 hover:bg-red-50" : "hover:bg-slate-50"}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top text-slate-800">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
              {row.getIsExpanded() ? (
                <tr className="bg-slate-50">
                  <td colSpan={width} className="px-4 py-3">
                    <EntryDetail entry={row.original} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={width} className="px-3 py-8 text-center text-slate-500">
                {emptyText}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
