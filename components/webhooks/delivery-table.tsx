"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";
import type { WebhookDeliveryRow } from "@/lib/webhooks/delivery-view";
import { statusTone } from "./labels";
import { RedeliverButton } from "./redeliver-button";

// Paging and filtering happen on the server (keyset pages, state in the URL); the table renders
// one page. Module scope: TanStack Table v9 wants stable features and columns.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, WebhookDeliveryRow>();

const columns = helper.columns([
  helper.accessor("createdAt", { header: "Event time", cell: (info) => <span className="whitespace-nowrap">{formatDateTime(info.getValue())}</span> }),
  helper.accessor("eventType", {
    header: "Event",
    cell: (info) => (
      <div className="text-xs">
        <div className="font-medium text-slate-900">{info.getValue()}</div>
        <div className="font-mono break-all text-slate-500" title="webhook-id">
          {info.row.original.eventId}
        </div>
      </div>
    ),
  }),
  helper.accessor("endpoint", { header: "Endpoint", cell: (info) => <span className="text-slate-800">{info.getValue().name}</span> }),
  helper.accessor("status", {
    header: "Status",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className="space-y-1 text-xs">
          <Badge tone={statusTone[r.status] ?? "slate"}>{r.status.toLowerCase()}</Badge>
          {r.deliveredAt ? <div className="text-slate-600">delivered {formatDateTime(r.deliveredAt)}</div> : null}
          {r.nextAttemptAt ? <div className="text-slate-600">next try {formatDateTime(r.nextAttemptAt)}</div> : null}
        </div>
      );
    },
  }),
  helper.accessor("attempts", { header: "Attempts", cell: (info) => <span className="tabular-nums">{info.getValue()}</span> }),
  helper.accessor("lastStatus", { header: "Last HTTP", cell: (info) => <span className="tabular-nums">{info.getValue() ?? "—"}</span> }),
  helper.accessor("lastError", {
    header: "Last error",
    cell: (info) => {
      const v = info.getValue();
      return v ? (
        <span className="line-clamp-2 max-w-64 text-xs break-words text-red-800" title={v}>
          {v}
        </span>
      ) : (
        <span className="text-slate-500">—</span>
      );
    },
  }),
  helper.display({ id: "actions", header: () => <span className="sr-only">Actions</span>, cell: (info) => <RedeliverButton deliveryId={info.row.original.id} /> }),
]);

export function DeliveryTable({ rows, emptyText }: { rows: WebhookDeliveryRow[]; emptyText: string }) {
  const table = useTable({ features, columns, data: rows, getRowId: (r) => r.id });
  return <DataTable table={table} caption="Webhook deliveries, newest first." emptyText={emptyText} />;
}
