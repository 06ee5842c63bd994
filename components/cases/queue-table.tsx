"use client";

import Link from "next/link";
import type { Header, ReactTable } from "@tanstack/react-table";
import type { QueueRow } from "@/lib/cases/queue-types";
import { sortKey, type queueFeatures } from "./queue-columns";
import { queueHref, type QueueUrlState } from "./queue-state";

type Features = typeof queueFeatures;
type Table = ReactTable<Features, QueueRow>;

const ariaSort = { asc: "ascending", desc: "descending" } as const;

function SortHeader({ table, header, state, appliedSort, appliedDir }: { table: Table; header: Header<Features, QueueRow>; state: QueueUrlState; appliedSort: string; appliedDir: "asc" | "desc" }) {
  const key = sortKey[header.column.id];
  const th = "px-2.5 py-2 text-left font-semibold whitespace-nowrap text-slate-700";
  if (!key) {
    return (
      <th scope="col" className={th}>
        <table.FlexRender header={header} />
      </th>
    );
  }
  const active = appliedSort === key;
  // A new sort starts in its natural direction (the server's default); the active one flips.
  const href = queueHref({ ...state, cursor: "", sort: key, dir: active ? (appliedDir === "asc" ? "desc" : "asc") : null });
  return (
    <th scope="col" aria-sort={active ? ariaSort[appliedDir] : "none"} className={th}>
      <Link href={href} className="inline-flex items-center gap-1 hover:text-slate-900 hover:underline">
        <table.FlexRender header={header} />
        <span aria-hidden="true" className="text-slate-400">
          {active ? (appliedDir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}

/** One page of the queue. Rows carry data-ref so the keyboard highlight can scroll and open them. */
export function QueueTable({
  table,
  state,
  applied,
  highlight,
  emptyText,
}: {
  table: Table;
  state: QueueUrlState;
  applied: { sort: string; dir: "asc" | "desc" };
  highlight: number;
  emptyText: string;
}) {
  const rows = table.getRowModel().rows;
  const width = table.getVisibleLeafColumns().length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Review cases. Column headers with arrows sort the queue; press ? for keyboard shortcuts.</caption>
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <SortHeader key={header.id} table={table} header={header} state={state} appliedSort={applied.sort} appliedDir={applied.dir} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => {
            const on = i === highlight;
            return (
              <tr
                key={row.id}
                data-ref={row.original.ref}
                aria-current={on ? "true" : undefined}
                className={on ? "bg-brand-50 outline-2 -outline-offset-2 outline-brand-500" : row.getIsSelected() ? "bg-slate-50" : "hover:bg-slate-50"}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-2.5 py-2 align-top text-slate-800">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={width} className="px-3 py-10 text-center text-slate-500">
                {emptyText}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
