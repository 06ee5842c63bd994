import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/auth/not-allowed";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditPager } from "@/components/audit/audit-pager";
import { auditHref, auditQuery, auditUrlState, exportQuery, hasFilters, isTimeline } from "@/components/audit/audit-state";
import { AuditTable } from "@/components/audit/audit-table";
import { AuditTimeline } from "@/components/audit/audit-timeline";
import { DownloadButtons } from "@/components/audit/download-button";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntries, type AuditPage as AuditPageData } from "@/lib/audit/search";
import type { Actor } from "@/lib/auth/actor";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Links to what the role may also do here (the pages check again). */
function headerActions(role: StaffRole | null) {
  const can = (p: Parameters<typeof roleHas>[1]) => !!role && roleHas(role, p);
  if (!can("audit.export") && !can("audit.verify")) return undefined;
  return (
    <>
      {can("audit.export") ? (
        <Link href="/audit/exports" className={buttonClass("secondary")}>
          Exports
        </Link>
      ) : null}
      {can("audit.verify") ? (
        <Link href="/audit/verify" className={buttonClass("secondary")}>
          Verify the chain
        </Link>
      ) : null}
    </>
  );
}
const header = (role: StaffRole | null) => (
  <PageHeader
    title="Audit"
    description="The append-only, hash-chained record of every staff action, sign-in, refusal and export. Every search here is itself recorded."
    actions={headerActions(role)}
  />
);

/** The page, or why the URL's filters cannot be used (unknown case, bad date, stale cursor…). */
async function loadPage(actor: Actor, input: Parameters<typeof listAuditEntries>[1]): Promise<AuditPageData | string> {
  try {
    return await listAuditEntries(actor, input, { request: await currentRequest(), via: "console" });
  } catch (err) {
    if (isAppError(err) && err.code === "INVALID_INPUT") return err.message;
    throw err;
  }
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, allowed } = await pageSession("audit.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        {header(null)}
        <NotAllowed what="The audit trail" />
      </div>
    );
  }
  const state = auditUrlState(await searchParams);
  const page = await loadPage(actor, auditQuery(state));
  const role = actor.type === "STAFF" || actor.type === "API_TOKEN" ? actor.role : null;
  const timeline = isTimeline(state) && typeof page !== "string";
  const caseRef = typeof page !== "string" ? (page.applied.filters.caseRefs[0] ?? state.case) : state.case;
  const emptyText = hasFilters(state) ? "No audit entry matches these filters." : "The audit trail is empty.";

  return (
    <div className="space-y-6">
      {header(role)}
      <AuditFilters state={state} />
      {typeof page === "string" ? (
        <Notice title="These filters cannot be used" tone="warning">
          {page}{" "}
          <Link href="/audit" className="font-medium underline">
            Show the whole trail
          </Link>
          .
        </Notice>
      ) : (
        <>
          <div className="flex flex-wrap items-start justify-between gap-3">
            <p className="text-sm text-slate-600">
              {timeline ? (
                <>
                  Timeline of <Link href={`/cases/${encodeURIComponent(caseRef)}`} className="font-mono font-medium text-brand-700 hover:underline">{caseRef}</Link>, oldest first.{" "}
                  <Link href={auditHref({ ...state, view: "table", cursor: "" })} className="font-medium text-brand-700 hover:underline">
                    Show as a table
                  </Link>
                </>
              ) : (
                <>{page.applied.order === "asc" ? "Oldest" : "Newest"} first, {page.rows.length} on this page.</>
              )}
            </p>
            {role && roleHas(role, "audit.export") ? <DownloadButtons queries={{ csv: exportQuery(state, "csv"), jsonl: exportQuery(state, "jsonl") }} /> : null}
          </div>
          {timeline ? <AuditTimeline rows={page.rows} caseRef={caseRef} emptyText="No audit entry for this case yet." /> : <AuditTable rows={page.rows} emptyText={emptyText} />}
          <AuditPager
            order={page.applied.order}
            hrefFor={(cursor) => auditHref({ ...state, cursor: cursor ?? "" })}
            prevCursor={page.prevCursor}
            nextCursor={page.nextCursor}
            atStart={!state.cursor}
          />
        </>
      )}
    </div>
  );
}
