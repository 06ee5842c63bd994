import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { NotAllowed } from "@/components/auth/not-allowed";
import { CaseAccount, CaseDevice } from "@/components/cases/case-account";
import { CaseAccountActivity } from "@/components/cases/case-context-activity";
import { CaseNameCheck } from "@/components/cases/case-context-name";
import { CaseDocuments } from "@/components/cases/case-documents";
import { CaseEmailThread, CaseEmailThreadWithBodies } from "@/components/cases/case-email-thread";
import { CaseNotes } from "@/components/cases/case-notes";
import { CaseSummary } from "@/components/cases/case-summary";
import { CaseTimeline } from "@/components/cases/case-timeline";
import { CasePresence } from "@/components/cases/case-presence";
import { CaseRiskHits } from "@/components/cases/case-risk-hits";
import { ClaimCaseButton } from "@/components/cases/claim-case-button";
import { DecisionPanel } from "@/components/cases/decision-panel";
import { IdViewer } from "@/components/cases/id-viewer";
import { decisionView } from "@/components/cases/decision-view";
import { TakeOverButton } from "@/components/cases/take-over-button";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/actor";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { getCaseEmailBodies } from "@/lib/cases/case-context-bodies";
import { getCaseContext, type CaseContext } from "@/lib/cases/case-context";
import { getCase, type CaseDetail } from "@/lib/cases/get-case";
import { documentPolicy } from "@/lib/documents/policy";
import { isAppError } from "@/lib/errors";
import { errFields, logger } from "@/lib/log";

type Params = Promise<{ ref: string }>;

/** Next may hand the segment over still percent-encoded; decode once, tolerantly. */
function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Case ${segment((await params).ref).slice(0, 40)}` };
}

const back = (
  <Link href="/queue" className="text-sm font-medium text-brand-700 hover:underline">
    Back to the queue
  </Link>
);

/** A missing case or a malformed reference is a 404 page. */
async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (err) {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "INVALID_INPUT")) notFound();
    throw err;
  }
}

async function loadCase(actor: Actor, ref: string): Promise<[CaseDetail, CaseContext]> {
  const request = await currentRequest();
  return Promise.all([orNotFound(getCase(actor, ref, { request })), orNotFound(getCaseContext(actor, ref, { request }))]);
}

/** Bodies stream in after the page; a storage or parser failure leaves the thread without them. */
async function loadBodies(actor: Actor, ref: string) {
  return getCaseEmailBodies(actor, ref, { request: await currentRequest() }).catch((err: unknown) => {
    logger.error({ ref, ...errFields(err) }, "case email bodies could not be loaded");
    return null;
  });
}

// Claimable from this page: unassigned and still open, not waiting for a second approval.
const CLAIMABLE = new Set(["NEW", "IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED"]);

// Rendered per request; the SLA timer starts from this instant so the first paint matches hydration.
const renderInstant = (): number => Date.now();

export default async function CasePage({ params }: { params: Params }) {
  const ref = segment((await params).ref);
  const { actor, allowed } = await pageSession("queue.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        <PageHeader title="Case" description="A review case: the customer, the device, the documents and what happened." actions={back} />
        <NotAllowed what="Review cases" />
      </div>
    );
  }
  const [detail, context] = await loadCase(actor, ref);
  const c = detail.case;
  const role = actor.type === "STAFF" || actor.type === "API_TOKEN" ? actor.role : null;
  const can = (p: Parameters<typeof roleHas>[1]) => !!role && roleHas(role, p);
  const claimable = !c.assignee && CLAIMABLE.has(c.status) && can("case.claim");
  const staffId = actor.type === "STAFF" ? actor.id : actor.type === "API_TOKEN" ? actor.staffId : null;
  const now = renderInstant();
  const decision = decisionView(detail, { staffId, has: can, reopenWindowHours: config.CASE_REOPEN_WINDOW_HOURS, now });

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Case ${c.ref}`}
        description={`Review of a new-device login for account ${detail.account.uid}.`}
        actions={
          <span className="flex items-center gap-4">
            {can("audit.read") ? (
              <Link href={`/cases/${encodeURIComponent(c.ref)}/report`} className="text-sm font-medium text-brand-700 hover:underline">
                Case report
              </Link>
            ) : null}
            {back}
          </span>
        }
      />
      <CasePresence key={c.ref} caseRef={c.ref} version={c.version} />
      <CaseSummary
        c={c}
        renderedAt={now}
        claim={
          claimable ? (
            <ClaimCaseButton caseRef={c.ref} version={c.version} />
          ) : (
            <TakeOverButton caseRef={c.ref} version={c.version} status={c.status} assignee={c.assignee} staffId={staffId} canAssign={can("case.assign")} />
          )
        }
      />
      <DecisionPanel key={c.ref} view={decision} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] xl:items-start">
        <div className="min-w-0 space-y-6">
          <IdViewer key={`viewer-${c.ref}`} documents={detail.documents} canView={can("document.view")} watermarked={documentPolicy.watermark} downloadEnabled={documentPolicy.downloadEnabled} />
          <CaseDocuments documents={detail.documents} />
        </div>
        <div className="min-w-0 space-y-6">
          <CaseAccount account={detail.account}>
            <CaseNameCheck check={context.nameCheck} />
          </CaseAccount>
          <CaseRiskHits risk={context.risk} />
          <CaseDevice device={detail.device} />
        </div>
      </div>
      {context.activity ? <CaseAccountActivity activity={context.activity} deviceUnderReview={detail.device?.id ?? null} /> : null}
      <Suspense fallback={<CaseEmailThread thread={context.thread} bodies={undefined} canOpenInbound={can("inbound.read")} />}>
        <CaseEmailThreadWithBodies thread={context.thread} bodies={loadBodies(actor, c.ref)} canOpenInbound={can("inbound.read")} />
      </Suspense>
      <div className="grid gap-6 xl:grid-cols-2">
        <CaseNotes caseRef={c.ref} notes={detail.notes} canNote={can("case.note")} />
        <CaseTimeline timeline={detail.timeline} notes={detail.notes} />
      </div>
    </div>
  );
}
