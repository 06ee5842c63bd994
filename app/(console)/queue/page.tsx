import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/auth/not-allowed";
import { viewText } from "@/components/cases/labels";
import { QueueFilters } from "@/components/cases/queue-filters";
import { QueuePager } from "@/components/cases/queue-pager";
import { AutoAssignToggle } from "@/components/cases/auto-assign-toggle";
import { hasFilters, queueHref, queueQuery, queueUrlState } from "@/components/cases/queue-state";
import { QueueTabs } from "@/components/cases/queue-tabs";
import { QueueWorkbench } from "@/components/cases/queue-workbench";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/actor";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { listAssignableStaff } from "@/lib/cases/assign";
import { getAvailability } from "@/lib/cases/availability";
import { listCases } from "@/lib/cases/list-cases";
import { queueCounts } from "@/lib/cases/queue-counts";
import type { QueuePage as QueuePageData } from "@/lib/cases/queue-types";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Review queue" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const header = (
  <PageHeader title="Review queue" description="Cases opened from customers' ID emails when face recognition could not authorise a new device." />
);

/** The page, or the reason the URL's filters cannot be used (bad date, stale cursor…). */
async function loadPage(actor: Actor, input: Parameters<typeof listCases>[1]): Promise<QueuePageData | string> {
  try {
    return await listCases(actor, input, { request: await currentRequest() });
  } catch (err) {
    if (isAppError(err) && err.code === "INVALID_INPUT") return err.message;
    throw err;
  }
}

// Rendered per request; the SLA timers start from this instant so the first paint matches hydration.
const renderInstant = (): number => Date.now();

export default async function QueuePage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, allowed } = await pageSession("queue.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        {header}
        <NotAllowed what="The review queue" />
      </div>
    );
  }
  const state = queueUrlState(await searchParams);
  const role = actor.type === "STAFF" || actor.type === "API_TOKEN" ? actor.role : null;
  const canAssign = !!role && roleHas(role, "case.assign");
  const canClaim = !!role && roleHas(role, "case.claim");
  const request = await currentRequest();
  const [page, counts, staff, availability] = await Promise.all([
    loadPage(actor, queueQuery(state)),
    queueCounts(actor, { request }),
    canAssign ? listAssignableStaff(actor, { request }) : Promise.resolve(null),
    canClaim ? getAvailability(actor, { request }) : Promise.resolve(null),
  ]);
  const viewLabel = state.view ? viewText[state.view] : null;
  const emptyText = hasFilters(state) ? "No case matches these filters." : (viewLabel?.empty ?? "No case has this status.");

  return (
    <div className="space-y-6">
      {header}
      {availability ? <AutoAssignToggle availability={availability} /> : null}
      <QueueTabs view={state.view} counts={counts} />
      <QueueFilters state={state} staff={staff ?? []} />
      {typeof page === "string" ? (
        <Notice title="These filters cannot be used" tone="warning">
          {page}{" "}
          <Link href={queueHref({ view: state.view })} className="font-medium underline">
            Show the view without filters
          </Link>
          .
        </Notice>
      ) : (
        <>
          <QueueWorkbench
            rows={page.rows}
            state={state}
            applied={{ sort: page.applied.sort, dir: page.applied.dir }}
            renderedAt={renderInstant()}
            canClaim={canClaim}
            staff={staff}
            emptyText={emptyText}
          />
          <QueuePager state={state} nextCursor={page.nextCursor} />
        </>
      )}
    </div>
  );
}
