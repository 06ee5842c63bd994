import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { NotAllowed } from "@/components/auth/not-allowed";
import { CaseList } from "@/components/accounts/case-list";
import { DeviceTable } from "@/components/accounts/device-table";
import { IdentityCard } from "@/components/accounts/identity-card";
import { accountHref } from "@/components/accounts/labels";
import { loginFilterState, loginQuery } from "@/components/accounts/login-filter-state";
import { LoginFilters } from "@/components/accounts/login-filters";
import { LoginPager } from "@/components/accounts/login-pager";
import { LoginTable } from "@/components/accounts/login-table";
import { RiskFlags } from "@/components/accounts/risk-flags";
import { DeviceActions } from "@/components/devices/device-actions";
import { PendingApprovals } from "@/components/devices/pending-approvals";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getAccount, type AccountDetail } from "@/lib/accounts/get-account";
import { listLogins, type LoginPage } from "@/lib/accounts/list-logins";
import { RISK_WINDOW_DAYS } from "@/lib/accounts/risk-flags";
import type { Actor } from "@/lib/auth/actor";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { listApprovals } from "@/lib/approvals/list-approvals";
import { isAppError } from "@/lib/errors";

type Params = Promise<{ uid: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Next hands dynamic segments over still percent-encoded in some paths; decode once, tolerantly. */
function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  // The uid only: real names stay out of titles, tabs and browser history.
  return { title: `Account ${segment((await params).uid).slice(0, 40)}` };
}

const back = (
  <Link href="/accounts" className="text-sm font-medium text-brand-700 hover:underline">
    Back to account search
  </Link>
);

async function loadAccount(actor: Actor, uid: string): Promise<AccountDetail> {
  try {
    return await getAccount(actor, { uid }, { request: await currentRequest() });
  } catch (err) {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "INVALID_INPUT")) notFound();
    throw err;
  }
}

/** The login page, or the reason the filters in the URL cannot be used (bad date, stale cursor…). */
async function loadLogins(actor: Actor, input: Parameters<typeof listLogins>[1]): Promise<LoginPage | string> {
  try {
    return await listLogins(actor, input, { request: await currentRequest() });
  } catch (err) {
    if (isAppError(err) && err.code === "INVALID_INPUT") return err.message;
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

/** Each device's action cell (the devices' own component), rendered here and keyed by device id. */
function deviceActionCells(actor: Actor, detail: AccountDetail): Record<string, ReactNode> {
  const role = actor.type === "STAFF" || actor.type === "API_TOKEN" ? actor.role : null;
  const permissions = {
    authorize: !!role && roleHas(role, "device.authorize"),
    revoke: !!role && roleHas(role, "device.revoke"),
    overrideBlock: !!role && roleHas(role, "device.override_block"),
  };
  const { identity } = detail;
  return Object.fromEntries(
    detail.devices.map((d) => [
      d.id,
      <DeviceActions
        key={d.id}
        device={{ id: d.id, status: d.status, externalId: d.externalId }}
        accountUid={identity.uid}
        permissions={permissions}
        blockedBy={identity.idConflict ? (identity.idConflict.uid ?? "another account") : null}
        securityItems={identity.verified ? [] : identity.securityItems}
      />,
    ]),
  );
}

export default async function AccountPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const uid = segment((await params).uid);
  const { actor, allowed } = await pageSession("account.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        <PageHeader title="Account" description="Identity, devices, risk flags, login history and cases." actions={back} />
        <NotAllowed what="Customer accounts" />
      </div>
    );
  }
  const filters = loginFilterState(await searchParams);
  // Both reads start at once; listLogins refuses an unknown uid the same way getAccount does.
  const request = await currentRequest();
  const [detail, logins, approvals] = await Promise.all([
    loadAccount(actor, uid),
    loadLogins(actor, loginQuery(uid, filters)),
    listApprovals(actor, { accountUid: uid, status: "PENDING" }, { request }),
  ]);
  const filtered = !!(filters.device || filters.method || filters.outcome || filters.from || filters.to);

  return (
    <div className="space-y-8">
      <PageHeader title={`Account ${detail.identity.uid}`} description="Identity, devices, risk flags, login history and cases." actions={back} />
      <div className="grid gap-6 xl:grid-cols-2">
        <IdentityCard identity={detail.identity} />
        <RiskFlags risk={detail.risk} windowDays={RISK_WINDOW_DAYS} />
      </div>

      <PendingApprovals approvals={approvals.items} title="Device authorisations waiting for a second supervisor" />

      <section aria-labelledby="devices-title" className="space-y-3">
        <div>
          <h2 id="devices-title" className="text-lg font-semibold text-slate-900">
            Devices
          </h2>
          <p className="text-sm text-slate-600">Authorised devices expire after {detail.deviceExpiryDays} days without a login.</p>
        </div>
        <DeviceTable devices={detail.devices} actions={deviceActionCells(actor, detail)} />
      </section>

      <section id="logins" aria-labelledby="logins-title" className="scroll-mt-6 space-y-3">
        <h2 id="logins-title" className="text-lg font-semibold text-slate-900">
          Login history
        </h2>
        <LoginFilters uid={detail.identity.uid} state={filters} devices={detail.devices} />
        {typeof logins === "string" ? (
          <Notice title="These filters cannot be used" tone="warning">
            {logins}{" "}
            <Link href={`${accountHref(detail.identity.uid)}#logins`} className="font-medium underline">
              Show the newest logins
            </Link>
            .
          </Notice>
        ) : (
          <>
            <LoginTable rows={logins.items} emptyText={filtered ? "No login matches these filters." : "No logins reported for this account."} />
            <LoginPager uid={detail.identity.uid} filters={filters} prevCursor={logins.prevCursor} nextCursor={logins.nextCursor} atStart={!filters.cursor} />
          </>
        )}
      </section>

      <CaseList cases={detail.cases} truncated={detail.casesTruncated} />
    </div>
  );
}
