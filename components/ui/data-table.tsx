"use client";

import { Fragment, type ReactNode } from "react";
import type { Header, ReactTable, RowData, TableFeatures } from "@tanstack/react-table";

/**
 * Renders one TanStack table (v9) the way every console table looks: the rows of its row model
 * (server-paged tables pass one page; client-side sorting/filtering happens in the table instance).
 * `headerCell` replaces the default `<th>` (e.g. for sort buttons).
 */
export function DataTable<TFeatures extends TableFeatures, TData extends RowData>({
  table,
  caption,
  emptyText,
  rowClassName,
  headerCell,
}: {
  table: ReactTable<TFeatures, TData>;
  caption: string;
  emptyText: string;
  rowClassName?: (row: TData) => string;
  headerCell?: (header: Header<TFeatures, TData>) => ReactNode;
}) {
  const rows = table.getRowModel().rows;
  const width = table.getAllLeafColumns().length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) =>
                headerCell ? (
                  <Fragment key={header.id}>{headerCell(header)}</Fragment>
                ) : (
                  <th key={header.id} scope="col" className="px-3 py-2 text-left font-semibold whitespace-nowrap text-slate-700">
                    <table.FlexRender header={header} />
                  </th>
                ),
              )}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className={rowClassName ? rowClassName(row.original) : "hover:bg-slate-50"}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2 align-top text-slate-800">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
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
