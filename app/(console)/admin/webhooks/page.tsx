import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/auth/not-allowed";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { DeliveryFilters } from "@/components/webhooks/delivery-filters";
import { DeliveryTable } from "@/components/webhooks/delivery-table";
import { EndpointCard } from "@/components/webhooks/endpoint-card";
import { deliveriesHref, type DeliveryFilter } from "@/components/webhooks/labels";
import { NewEndpointForm } from "@/components/webhooks/new-endpoint-form";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { isAppError } from "@/lib/errors";
import { listWebhookDeliveries, type WebhookDeliveryPage } from "@/lib/webhooks/list-deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks/list-endpoints";

export const metadata: Metadata = { title: "Webhooks" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 200) || undefined;

const header = (
  <PageHeader
    title="Webhooks"
    description="Signed events to the identity service (device authorised, revoked, expired; case decided): endpoints, and every delivery with its attempts and errors."
  />
);

export default async function WebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, allowed } = await pageSession("settings.manage");
  if (!allowed) {
    return (
      <div className="space-y-6">
        {header}
        <NotAllowed what="Webhook settings" />
      </div>
    );
  }
  const params = await searchParams;
  const filter: DeliveryFilter = { status: one(params.status), endpointId: one(params.endpointId), eventType: one(params.eventType), eventId: one(params.eventId) };
  const cursor = one(params.cursor);
  const request = await currentRequest();
  const endpoints = await listWebhookEndpoints(actor, { request });

  let page: WebhookDeliveryPage | null = null;
  let problem: string | null = null;
  try {
    // Shapes only; the use case validates the values (an unknown status or id is INVALID_INPUT / NOT_FOUND).
    page = await listWebhookDeliveries(actor, { ...filter, cursor }, { request });
  } catch (err) {
    if (!isAppError(err) || (err.code !== "INVALID_INPUT" && err.code !== "NOT_FOUND")) throw err;
    problem = err.message;
  }

  return (
    <div className="space-y-8">
      {header}
      <section aria-labelledby="endpoints-title" className="space-y-4">
        <h2 id="endpoints-title" className="text-lg font-semibold text-slate-900">
          Endpoints
        </h2>
        {endpoints.length ? (
          <ul className="space-y-3">
            {endpoints.map((e) => (
              <EndpointCard key={e.id} endpoint={e} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No endpoints yet: nothing is sent to the identity service.</p>
        )}
        <details className="rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">Add an endpoint</summary>
          <div className="pt-4">
            <NewEndpointForm />
          </div>
        </details>
      </section>

      <section id="deliveries" aria-labelledby="deliveries-title" className="space-y-4">
        <h2 id="deliveries-title" className="text-lg font-semibold text-slate-900">
          Delivery log
        </h2>
        <p className="text-sm text-slate-600">
          Failed attempts are retried with exponential backoff for 24 hours from the event, then the delivery is marked failed. Redelivery sends the same event (same
          webhook-id) once more.
        </p>
        <DeliveryFilters filter={filter} endpoints={endpoints} />
        {problem || !page ? (
          <Notice title="This list cannot be shown" tone="warning">
            {problem}{" "}
            <Link href={deliveriesHref({})} className="font-medium underline">
              Show every delivery
            </Link>
            .
          </Notice>
        ) : (
          <>
            <DeliveryTable rows={page.items} emptyText="No deliveries match." />
            {cursor || page.nextCursor ? (
              <nav aria-label="Pages" className="flex justify-between gap-3">
                {cursor ? (
                  <Link href={deliveriesHref(filter)} className={buttonClass("secondary")}>
                    Newest
                  </Link>
                ) : (
                  <span />
                )}
                {page.nextCursor ? (
                  <Link href={deliveriesHref({ ...filter, cursor: page.nextCursor })} rel="next" className={buttonClass("secondary")}>
                    Older →
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
