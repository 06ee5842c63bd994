"use client";

import { useMemo, type ReactNode } from "react";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { DeviceView } from "@/lib/accounts/device-view";
import { DataTable } from "@/components/ui/data-table";
import { daysLeftText, deviceStatusText, methodText, platformText, reasonText } from "./labels";

// The account's devices (a handful; no paging). `actions` holds each device's action cell,
// rendered on the server by the page (the devices' own component) and keyed by device id.
type Row = DeviceView & { actions: ReactNode };

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, Row>();
const muted = (text: string) => <span className="text-slate-500">{text}</span>;

/** Who authorised it: the customer at login (the identity service decided), or staff — both people after four-eyes. */
function authorisedBy(d: DeviceView): string {
  if (d.authMethod !== "MANUAL") return " — at login";
  const by = d.decision?.by?.name;
  const asker = d.decision?.requestedBy?.name;
  if (asker && by) return ` — requested by ${asker}, approved by ${by}`;
  return by ? ` — ${by}` : "";
}

function Authorisation({ d }: { d: DeviceView }) {
  const by = d.decision?.by?.name;
  const why = d.decision?.reason ? reasonText[d.decision.reason] ?? d.decision.reason : null;
  const caseRef = d.decision?.caseRef;
  const lines: ReactNode[] = [];
  if (d.authMethod) {
    lines.push(
      <div key="how" className="font-medium text-slate-900">
        {methodText[d.authMethod] ?? d.authMethod}
        {authorisedBy(d)}
      </div>,
    );
  }
  if (d.authorizedAt) lines.push(<div key="at">{formatDateTime(d.authorizedAt)}</div>);
  if (d.status === "REVOKED") lines.push(<div key="rev" className="text-red-800">Revoked {formatDateTime(d.revokedAt)}{by ? ` by ${by}` : ""}</div>);
  if (d.status === "EXPIRED" && d.expiredAt) lines.push(<div key="exp">Expired {formatDateTime(d.expiredAt)}</div>);
  if (why || caseRef) lines.push(<div key="why" className="text-slate-600">{[why, caseRef].filter(Boolean).join(" · ")}</div>);
  return lines.length ? <div className="max-w-56 space-y-0.5 text-xs">{lines}</div> : muted("Not authorised");
}

const columns = helper.columns([
  helper.accessor("platform", {
    header: "Device",
    cell: (info) => {
      const d = info.row.original;
      return (
        <div className="max-w-52 min-w-0">
          <div className="font-medium text-slate-900">
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
  helper.accessor("appVersion", { header: "App version", cell: (info) => info.getValue() ?? muted("—") }),
  helper.accessor("firstSeenAt", { header: "First seen", cell: (info) => <span className="whitespace-nowrap">{formatDateTime(info.getValue())}</span> }),
  helper.accessor("lastSeenAt", {
    header: "Last seen",
    cell: (info) => (
      <div className="text-xs whitespace-nowrap">
        <div className="text-sm">{formatDateTime(info.getValue())}</div>
        <div className="text-slate-500">Last login {formatDateTime(info.row.original.lastLoginAt)}</div>
      </div>
    ),
  }),
  helper.accessor("status", {
    header: "Status",
    cell: (info) => {
      const s = deviceStatusText[info.getValue()] ?? { label: info.getValue(), tone: "slate" as const, hint: "" };
      return (
        <Badge tone={s.tone} title={s.hint}>
          {s.label}
        </Badge>
      );
    },
  }),
  helper.display({ id: "authorisation", header: "Authorised", cell: (info) => <Authorisation d={info.row.original} /> }),
  helper.accessor("expiry", {
    header: "Expiry",
    cell: (info) => {
      const e = info.getValue();
      if (!e) return muted("—");
      return (
        <div className="text-xs whitespace-nowrap">
          <Badge tone={e.overdue ? "red" : e.daysLeft <= 7 ? "amber" : "slate"}>{e.overdue ? "Due now" : daysLeftText(e.daysLeft)}</Badge>
          <div className="mt-0.5 text-slate-500">{formatDateTime(e.expiresAt)}</div>
        </div>
      );
    },
  }),
  helper.accessor("actions", { header: "Actions", cell: (info) => info.getValue() ?? muted("—") }),
]);

export function DeviceTable({ devices, actions }: { devices: DeviceView[]; actions: Record<string, ReactNode> }) {
  const data = useMemo<Row[]>(() => devices.map((d) => ({ ...d, actions: actions[d.id] ?? null })), [devices, actions]);
  const table = useTable({ features, columns, data, getRowId: (r) => r.id });
  return <DataTable table={table} caption="Devices of this account, most recently seen first." emptyText="The identity service has reported no devices for this account." />;
}
