import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/auth/not-allowed";
import { InboundFilters } from "@/components/inbound/inbound-filters";
import { InboundTable } from "@/components/inbound/inbound-table";
import { inboundHref, tabFor } from "@/components/inbound/labels";
import { InboundPager } from "@/components/inbound/pager";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { isAppError } from "@/lib/errors";
import { listInboundEmails, type InboundEmailPage } from "@/lib/intake/staff/list-inbound-emails";

export const metadata: Metadata = { title: "Inbound email" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

const header = (
  <PageHeader title="Inbound email" description="Every email that reached the intake webhooks: status, sender, match, attachment vetting and errors." />
);

export default async function InboundPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, allowed } = await pageSession("inbound.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        {header}
        <NotAllowed what="Inbound email" />
      </div>
    );
  }
  const params = await searchParams;
  const tab = tabFor(one(params.status));
  const q = (one(params.q) ?? "").trim().slice(0, 200);
  const cursor = one(params.cursor) || undefined;

  let page: InboundEmailPage | null = null;
  let problem: string | null = null;
  try {
    page = await listInboundEmails(actor, { status: tab.statuses.length ? [...tab.statuses] : undefined, q: q || undefined, cursor }, { request: await currentRequest() });
  } catch (err) {
    if (!isAppError(err) || err.code !== "INVALID_INPUT") throw err;
    problem = err.message;
  }

  return (
    <div className="space-y-6">
      {header}
      <InboundFilters tab={tab.key} q={q} />
      {problem || !page ? (
        <Notice title="This page cannot be shown" tone="warning">
          {problem} <Link href={inboundHref({ tab: tab.key, q })} className="font-medium underline">Go to the first page</Link>.
        </Notice>
      ) : (
        <>
          <InboundTable rows={page.items} emptyText={q ? "No inbound email matches this search." : tab.key === "all" ? "No inbound email yet." : `No ${tab.label.toLowerCase()} emails.`} />
          <InboundPager tab={tab.key} q={q} prevCursor={page.prevCursor} nextCursor={page.nextCursor} atStart={!cursor} />
        </>
      )}
    </div>
  );
}
