"use client";

import Link from "next/link";
import { useState } from "react";
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  sortFn_text,
  tableFeatures,
  useTable,
  type FilterFn,
  type SortingState,
} from "@tanstack/react-table";
import { RoleBadge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime, roleLabel } from "@/components/ui/format";
import type { StaffListRow } from "@/lib/staff/list-staff";
import { LockBadge, MfaBadge, StatusBadge } from "./badges";

// Module scope: TanStack Table v9 wants stable features and columns.
const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, datetime: sortFn_datetime, text: sortFn_text },
});

type Features = typeof features;
const helper = createColumnHelper<Features, StaffListRow>();

/** One text box searches name, email, role and status (run once per row, from the name column). */
const matchesSearch: FilterFn<Features, StaffListRow> = (row, _columnId, value) => {
  const q = String(value ?? "").trim().toLowerCase();
  if (!q) return true;
  const r = row.original;
  return [r.name, r.email, r.role, roleLabel[r.role] ?? "", r.status, r.lockedUntil ? "locked" : ""].some((v) => v.toLowerCase().includes(q));
};

const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    sortFn: "text",
    enableGlobalFilter: true,
    cell: (info) => (
      <div className="min-w-0">
        <Link href={`/admin/staff/${info.row.original.id}`} className="font-medium text-brand-700 hover:underline">
          {info.getValue()}
        </Link>
        <div className="truncate text-xs text-slate-500">{info.row.original.email}</div>
      </div>
    ),
  }),
  helper.accessor("role", { header: "Role", sortFn: "text", enableGlobalFilter: false, cell: (info) => <RoleBadge role={info.getValue()} /> }),
  helper.accessor("status", {
    header: "Status",
    sortFn: "text",
    enableGlobalFilter: false,
    cell: (info) => (
      <span className="flex flex-wrap gap-1">
        <StatusBadge status={info.getValue()} />
        <LockBadge until={info.row.original.lockedUntil} />
      </span>
    ),
  }),
  helper.accessor((r) => (r.mfaEnrolled ? 1 : 0), {
    id: "mfa",
    header: "MFA",
    sortFn: "basic",
    enableGlobalFilter: false,
    cell: (info) => <MfaBadge enrolled={info.row.original.mfaEnrolled} />,
  }),
  helper.accessor("activeSessions", { header: "Sessions", sortFn: "basic", enableGlobalFilter: false }),
  helper.accessor("failedSignIns", { header: "Failed sign-ins", sortFn: "basic", enableGlobalFilter: false }),
  helper.accessor("lastActiveAt", {
    header: "Last active",
    sortFn: "datetime",
    sortUndefined: "last",
    enableGlobalFilter: false,
    cell: (info) => formatDateTime(info.getValue()),
  }),
]);

const sortLabel = { asc: "ascending", desc: "descending" } as const;

export function StaffTable({ rows }: { rows: StaffListRow[] }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [search, setSearch] = useState("");
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (r) => r.id,
    state: { sorting, globalFilter: search },
    onSortingChange: setSorting,
    onGlobalFilterChange: setSearch,
    globalFilterFn: matchesSearch,
  });
  const shown = table.getRowModel().rows;

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div className="w-full max-w-sm space-y-1.5">
          <label htmlFor="staff-search" className="block text-sm font-medium text-slate-800">
            Search staff
          </label>
          <input
            id="staff-search"
            type="search"
            value={search}
            onChange={(e) => table.setGlobalFilter(e.target.value)}
            placeholder="Name, email, role or status"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          />
        </div>
        <p className="text-sm text-slate-600" aria-live="polite">
          {shown.length} of {rows.length} staff members
        </p>
      </div>
      <DataTable
        table={table}
        caption="Staff members; column headers sort the table."
        emptyText={rows.length === 0 ? "No staff members yet." : "No staff member matches this search."}
        headerCell={(header) => {
          const sorted = header.column.getIsSorted();
          return (
            <th scope="col" aria-sort={sorted ? sortLabel[sorted] : "none"} className="px-3 py-2 text-left font-semibold text-slate-700">
              <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 hover:text-slate-900">
                <table.FlexRender header={header} />
                <span aria-hidden="true" className="text-slate-400">
                  {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                </span>
              </button>
            </th>
          );
        }}
      />
    </div>
  );
}
