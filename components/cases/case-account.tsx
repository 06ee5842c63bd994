import Link from "next/link";
import type { ReactNode } from "react";
import { deviceStatusText, kycText, platformText } from "@/components/accounts/labels";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { CaseDetail } from "@/lib/cases/get-case";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 min-w-0 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

const card = "rounded-lg border border-slate-200 bg-white p-4";

/** The customer's KYC record and bound items, linked to the full account page; `children` go below (the name check). */
export function CaseAccount({ account, children }: { account: CaseDetail["account"]; children?: ReactNode }) {
  const kyc = kycText[account.kycStatus] ?? { label: account.kycStatus, tone: "slate" as const };
  return (
    <section aria-labelledby="account-title" className={card}>
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="account-title" className="text-base font-semibold text-slate-900">
          Account
        </h2>
        <Link href={`/accounts/${encodeURIComponent(account.uid)}`} className="text-sm font-medium text-brand-700 hover:underline">
          Open account {account.uid}
        </Link>
      </div>
      <dl className="mt-2 divide-y divide-slate-100">
        <Row label="Account uid">
          <span className="font-mono">{account.uid}</span>
        </Row>
        <Row label="Real name">{account.realName ?? <span className="text-slate-500">Not on record</span>}</Row>
        <Row label="Verification">
          <Badge tone={kyc.tone}>{kyc.label}</Badge>
        </Row>
        <Row label="Bound email">{account.email}</Row>
        <Row label="Bound phone">{account.phone ?? <span className="text-slate-500">None</span>}</Row>
      </dl>
      {account.idConflict ? (
        <p className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          This account&apos;s ID document is also bound to another account: approval is blocked without a supervisor override.
        </p>
      ) : null}
      {children}
    </section>
  );
}

/** The device whose login is under review. */
export function CaseDevice({ device }: { device: CaseDetail["device"] }) {
  const status = device ? (deviceStatusText[device.status] ?? { label: device.status, tone: "slate" as const }) : null;
  return (
    <section aria-labelledby="device-title" className={card}>
      <h2 id="device-title" className="text-base font-semibold text-slate-900">
        Device under review
      </h2>
      {device && status ? (
        <dl className="mt-2 divide-y divide-slate-100">
          <Row label="Device id">
            <span className="font-mono">{device.externalId}</span>
          </Row>
          <Row label="Device">{[platformText[device.platform] ?? device.platform, device.model].filter(Boolean).join(" · ")}</Row>
          <Row label="App version">{device.appVersion ?? "—"}</Row>
          <Row label="Status">
            <Badge tone={status.tone}>{status.label}</Badge>
          </Row>
          <Row label="Last login">{formatDateTime(device.lastLoginAt)}</Row>
        </dl>
      ) : (
        <p className="mt-2 text-sm text-slate-600">No device is linked to this case yet (the email did not name one).</p>
      )}
    </section>
  );
}
