import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { AccountIdentity } from "@/lib/accounts/get-account";
import { kycText, securityItemText } from "./labels";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{term}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** Who the customer is to the exchange: real name, verification, bound items, ID-document state. */
export function IdentityCard({ identity }: { identity: AccountIdentity }) {
  const kyc = kycText[identity.kycStatus] ?? { label: identity.kycStatus, tone: "slate" as const };
  return (
    <section aria-labelledby="identity-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="identity-title" className="text-base font-semibold text-slate-900">
          Identity
        </h2>
        <Badge tone={kyc.tone}>{kyc.label}</Badge>
      </div>
      {identity.idConflict ? (
        <div role="note" className="mt-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-semibold">ID document bound to another account</p>
          <p className="mt-1">
            The identity service reported this account&apos;s ID document on{" "}
            {identity.idConflict.uid ? (
              <Link href={`/accounts/${encodeURIComponent(identity.idConflict.uid)}`} className="font-mono font-medium underline">
                {identity.idConflict.uid}
              </Link>
            ) : (
              "an account no longer in Gatehouse"
            )}
            . One ID verifies one account: authorising a device here needs a supervisor override.
          </p>
        </div>
      ) : null}
      <dl className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Fact term="Real name">{identity.realName ?? <span className="text-slate-500">Not on record</span>}</Fact>
        <Fact term="Account uid">
          <span className="font-mono">{identity.uid}</span>
        </Fact>
        <Fact term="Bound email">{identity.email}</Fact>
        <Fact term="Bound phone">{identity.phone ?? <span className="text-slate-500">None</span>}</Fact>
        <Fact term="ID document">{identity.idDocumentOnFile ? "On file (fingerprint)" : <span className="text-slate-500">None on file</span>}</Fact>
        <Fact term="Security items">
          {identity.verified ? (
            <span className="text-slate-600">Not needed: identity verified</span>
          ) : identity.securityItems.length ? (
            <span className="flex flex-wrap gap-1">
              {identity.securityItems.map((i) => (
                <Badge key={i} tone="amber">
                  {securityItemText[i] ?? i}
                </Badge>
              ))}
            </span>
          ) : (
            <span className="text-slate-500">None reported</span>
          )}
        </Fact>
        <Fact term="Locale">{identity.locale ?? "—"}</Fact>
        <Fact term="Record updated">{formatDateTime(identity.updatedAt)}</Fact>
      </dl>
    </section>
  );
}
