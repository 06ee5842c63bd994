"use client";

import Link from "next/link";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";
import type { InboundEmailRow } from "@/lib/intake/staff/inbound-view";
import { AuthBadge, InboundStatusBadge, SpoofBadge } from "./badges";

// Paging, filtering and search happen on the server (keyset pages, state in the URL); the table
// renders one page. Module scope: TanStack Table v9 wants stable features and columns.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, InboundEmailRow>();

function Verdicts({ v }: { v: InboundEmailRow["verdicts"] }) {
  const total = v.accepted + v.previewUnavailable + v.rejected + v.pending;
  if (total === 0) return <span className="text-slate-500">None</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {v.accepted ? <Badge tone="emerald">{v.accepted} accepted</Badge> : null}
      {v.previewUnavailable ? <Badge tone="amber">{v.previewUnavailable} no preview</Badge> : null}
      {v.rejected ? <Badge tone="red">{v.rejected} refused</Badge> : null}
      {v.pending ? <Badge tone="slate">{v.pending} pending</Badge> : null}
    </span>
  );
}

const columns = helper.columns([
  helper.accessor("receivedAt", { header: "Received", cell: (info) => <span className="whitespace-nowrap">{formatDateTime(info.getValue())}</span> }),
  helper.accessor("status", {
    header: "Status",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className="max-w-52 space-y-1 text-xs">
          <InboundStatusBadge status={info.getValue()} stuck={r.stuck} purgedAt={r.purgedAt} />
          {r.attempts > 1 || r.error ? <div className="text-slate-600">{r.attempts} attempt(s)</div> : null}
          {r.error ? (
            <div className="line-clamp-2 break-words text-red-800" title={r.error}>
              {r.error}
            </div>
          ) : null}
        </div>
      );
    },
  }),
  helper.accessor("sender", {
    header: "Sender",
    cell: (info) => {
      const s = info.getValue();
      return (
        <div className="max-w-48 min-w-0">
          <div className="truncate font-medium text-slate-900">{s.address ?? "(no address)"}</div>
          {s.name ? <div className="truncate text-xs text-slate-500">{s.name}</div> : null}
        </div>
      );
    },
  }),
  helper.accessor("subject", {
    header: "Subject",
    cell: (info) => (
      <Link href={`/inbound/${info.row.original.id}`} className="line-clamp-2 max-w-60 font-medium break-words text-brand-700 hover:underline">
        {info.getValue() || (info.row.original.purgedAt ? "(removed by retention)" : "(no subject)")}
      </Link>
    ),
  }),
  helper.accessor("match", {
    header: "Match",
    cell: (info) => {
      const m = info.getValue();
      if (!m.accountUid) return <span className="text-slate-500">—</span>;
      return (
        <div className="text-xs">
          <div className="font-mono text-slate-900">{m.accountUid}</div>
          <div className="text-slate-600">{m.caseRef ?? "no case"}</div>
          {m.linkedByStaff ? <div className="text-slate-500">linked by staff</div> : null}
        </div>
      );
    },
  }),
  helper.accessor("verdicts", { header: "Attachments", cell: (info) => <Verdicts v={info.getValue()} /> }),
  helper.accessor("auth", {
    header: "Sender checks",
    cell: (info) => {
      const a = info.getValue();
      return (
        <span className="flex max-w-40 flex-wrap gap-1">
          <AuthBadge check="SPF" result={a.spf} />
          <AuthBadge check="DKIM" result={a.dkim} />
          <AuthBadge check="DMARC" result={a.dmarc} />
          {a.displayNameSpoof ? <SpoofBadge /> : null}
        </span>
      );
    },
  }),
]);

export function InboundTable({ rows, emptyText }: { rows: InboundEmailRow[]; emptyText: string }) {
  const table = useTable({ features, columns, data: rows, getRowId: (r) => r.id });
  return <DataTable table={table} caption="Inbound emails, newest first. Open an email by its subject." emptyText={emptyText} />;
}
