import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/auth/not-allowed";
import { BacklogChart } from "@/components/dashboard/backlog-chart";
import { BreachesChart } from "@/components/dashboard/breaches-chart";
import { DaysSelect } from "@/components/dashboard/days-select";
import { DecisionsChart } from "@/components/dashboard/decisions-chart";
import { InboundChart } from "@/components/dashboard/inbound-chart";
import { StatCards } from "@/components/dashboard/stat-cards";
import { TimingChart } from "@/components/dashboard/timing-chart";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { getDashboard } from "@/lib/dashboard/get-dashboard";
import { DASHBOARD_DAYS } from "@/lib/dashboard/types";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Dashboard" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const description = "The review queue at a glance: backlog, SLA, how fast cases are picked up and decided, and the email flowing in. Days are UTC.";

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, allowed } = await pageSession("queue.read");
  if (!allowed) {
    return (
      <div className="space-y-6">
        <PageHeader title="Dashboard" description={description} />
        <NotAllowed what="The dashboard" />
      </div>
    );
  }
  const raw = (await searchParams).days;
  const request = await currentRequest();
  let invalidDays: string | null = null;
  let data;
  try {
    data = await getDashboard(actor, { days: typeof raw === "string" ? raw : undefined }, { request });
  } catch (err) {
    if (!isAppError(err) || err.code !== "INVALID_INPUT") throw err;
    invalidDays = err.message;
    data = await getDashboard(actor, { days: DASHBOARD_DAYS.default }, { request });
  }

  return (
    <div className="space-y-6">
      <PageHeader title="Dashboard" description={description} actions={<DaysSelect days={data.window.days} />} />
      {invalidDays ? (
        <Notice title="This period cannot be shown" tone="warning">
          {invalidDays} (1 to {DASHBOARD_DAYS.max} days). Showing the last {DASHBOARD_DAYS.default} days instead.
        </Notice>
      ) : null}
      <StatCards data={data} />
      <div className="grid gap-4 lg:grid-cols-2">
        <BacklogChart backlog={data.backlog} />
        <BreachesChart sla={data.sla} />
      </div>
      <TimingChart claim={data.timeToFirstClaim} decision={data.timeToDecision} />
      <DecisionsChart decisions={data.decisions} />
      <InboundChart inbound={data.inbound} />
      <p className="text-sm text-slate-600">
        Work the cases in the{" "}
        <Link href="/queue" className="font-medium text-brand-700 underline hover:text-brand-800">
          review queue
        </Link>
        .
      </p>
    </div>
  );
}
