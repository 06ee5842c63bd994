"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { LoginRow } from "@/lib/accounts/list-logins";
import { DataTable } from "@/components/ui/data-table";
import { failureText, methodText, outcomeText, platformText } from "./labels";

// One page of the login history; paging and filters are server-side (keyset, state in the URL).
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, LoginRow>();

const columns = helper.columns([
  helper.accessor("occurredAt", {
    header: "Time",
    cell: (info) => (
      <div className="whitespace-nowrap">
        {formatDateTime(info.getValue())}
        <div className="font-mono text-xs text-slate-500">#{info.row.original.id}</div>
      </div>
    ),
  }),
  helper.accessor("device", {
    header: "Device",
    cell: (info) => {
      const d = info.getValue();
      if (!d) return <span className="text-slate-500">Unknown</span>;
      return (
        <div className="max-w-44 min-w-0">
          <div>
            {platformText[d.platform] ?? d.platform}
            {d.model ? ` · ${d.model}` : ""}
          </div>
          <div className="truncate font-mono text-xs text-slate-500" title={d.externalId}>
            {d.externalId}
          </div>
        </div>
      );
    },
  }),
  helper.accessor("method", { header: "Method", cell: (info) => <span className="whitespace-nowrap">{methodText[info.getValue()] ?? info.getValue()}</span> }),
  helper.accessor("outcome", {
    header: "Outcome",
    cell: (info) => {
      const o = outcomeText[info.getValue()] ?? { label: info.getValue(), tone: "slate" as const };
      const reason = info.row.original.failureReason;
      return (
        <div className="space-y-0.5">
          <Badge tone={o.tone}>{o.label}</Badge>
          {reason ? <div className="text-xs text-slate-600">{failureText[reason] ?? reason}</div> : null}
        </div>
      );
    },
  }),
  helper.accessor("ip", {
    header: "IP",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className="font-mono text-xs">
          <div>{info.getValue() ?? "—"}</div>
          {r.webIp ? <div className={r.ipMismatch ? "font-semibold text-red-800" : "text-slate-500"}>web {r.webIp}{r.ipMismatch ? " ≠" : ""}</div> : null}
        </div>
      );
    },
  }),
  helper.accessor("network", {
    header: "Network",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className="max-w-44 text-xs">
          <div className="text-sm">{info.getValue() ?? "—"}</div>
          <div className="text-slate-500">{[r.asn !== null ? `AS${r.asn}` : null, r.country].filter(Boolean).join(" · ")}</div>
        </div>
      );
    },
  }),
  helper.accessor("appVersion", {
    header: "App / agent",
    cell: (info) => (
      <div className="max-w-52 text-xs">
        <div>{info.getValue() ?? "—"}</div>
        {info.row.original.userAgent ? (
          <div className="truncate text-slate-500" title={info.row.original.userAgent}>
            {info.row.original.userAgent}
          </div>
        ) : null}
      </div>
    ),
  }),
]);

export function LoginTable({ rows, emptyText }: { rows: LoginRow[]; emptyText: string }) {
  const table = useTable({ features, columns, data: rows, getRowId: (r) => r.id });
  return (
    <DataTable
      table={table}
      caption="Login history, newest first."
      emptyText={emptyText}
      rowClassName={(r) => (r.ipMismatch ? "bg-red-50/40 hover:bg-red-50" : "hover:bg-slate-50")}
    />
  );
}
