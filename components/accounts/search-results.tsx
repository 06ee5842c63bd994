"use client";

import Link from "next/link";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import type { AccountHit } from "@/lib/accounts/search-accounts";
import { DataTable } from "@/components/ui/data-table";
import { kycText, matchText } from "./labels";

// One page of search hits (at most 50): no paging; the search narrows instead.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, AccountHit>();

const columns = helper.columns([
  helper.accessor("uid", {
    header: "Account",
    cell: (info) => (
      <Link href={`/accounts/${encodeURIComponent(info.getValue())}`} className="font-mono font-medium text-brand-700 hover:underline">
        {info.getValue()}
      </Link>
    ),
  }),
  helper.accessor("realName", { header: "Real name", cell: (info) => info.getValue() ?? <span className="text-slate-500">—</span> }),
  helper.accessor("email", { header: "Email", cell: (info) => <span className="break-all">{info.getValue()}</span> }),
  helper.accessor("phone", { header: "Phone", cell: (info) => <span className="whitespace-nowrap">{info.getValue() ?? "—"}</span> }),
  helper.accessor("kycStatus", {
    header: "Identity",
    cell: (info) => {
      const k = kycText[info.getValue()] ?? { label: info.getValue(), tone: "slate" as const };
      return <Badge tone={k.tone}>{k.label}</Badge>;
    },
  }),
  helper.accessor("matches", {
    header: "Matched on",
    cell: (info) => (
      <ul className="space-y-0.5 text-xs">
        {info.getValue().map((m) => (
          <li key={`${m.by}:${m.value}`}>
            <span className="font-medium text-slate-800">{matchText[m.by] ?? m.by}</span>
            {m.exact ? "" : " (prefix)"}: <span className="font-mono break-all text-slate-600">{m.value}</span>
          </li>
        ))}
      </ul>
    ),
  }),
]);

export function SearchResults({ items }: { items: AccountHit[] }) {
  const table = useTable({ features, columns, data: items, getRowId: (r) => r.uid });
  return <DataTable table={table} caption="Accounts matching the search. Open an account by its uid." emptyText="No account matches this search." />;
}
