import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NotAllowed } from "@/components/auth/not-allowed";
import { CaseAccount, CaseDevice } from "@/components/cases/case-account";
import { CaseDocuments } from "@/components/cases/case-documents";
import { CaseNotes } from "@/components/cases/case-notes";
import { CaseSummary } from "@/components/cases/case-summary";
import { CaseTimeline } from "@/components/cases/case-timeline";
import { CasePresence } from "@/components/cases/case-presence";
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
import { getCase, type CaseDetail } from "@/lib/cases/get-case";
import { documentPolicy } from "@/lib/documents/policy";
import { isAppError } from "@/lib/errors";

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

async function loadCase(actor: Actor, ref: string): Promise<CaseDetail> {
  try {
    return await getCase(actor, ref, { request: await currentRequest() });
  } catch (err) {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "INVALID_INPUT")) notFound();
    throw err;
  }
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
  const detail = await loadCase(actor, ref);
  const c = detail.case;
  const role = actor.type === "STAFF" || actor.type === "API_TOKEN" ? actor.role : null;
  const can = (p: Parameters<typeof roleHas>[1]) => !!role && roleHas(role, p);
  const claimable = !c.assignee && CLAIMABLE.has(c.status) && can("case.claim");
  const staffId = actor.type === "STAFF" ? actor.id : actor.type === "API_TOKEN" ? actor.staffId : null;
  const now = renderInstant();
  const decision = decisionView(detail, { staffId, has: can, reopenWindowHours: config.CASE_REOPEN_WINDOW_HOURS, now });

  return (
    <div className="space-y-6">
      <PageHeader title={`Case ${c.ref}`} description={`Review of a new-device login for account ${detail.account.uid}.`} actions={back} />
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
      <IdViewer key={`viewer-${c.ref}`} documents={detail.documents} canView={can("document.view")} watermarked={documentPolicy.watermark} downloadEnabled={documentPolicy.downloadEnabled} />
      <div className="grid gap-6 xl:grid-cols-2">
        <CaseAccount account={detail.account} />
        <CaseDevice device={detail.device} />
      </div>
      <CaseDocuments documents={detail.documents} />
      <div className="grid gap-6 xl:grid-cols-2">
        <CaseNotes caseRef={c.ref} notes={detail.notes} canNote={can("case.note")} />
        <CaseTimeline timeline={detail.timeline} notes={detail.notes} />
      </div>
    </div>
  );
}
