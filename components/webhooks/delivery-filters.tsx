import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { deliveriesHref, EVENT_OPTIONS, STATUS_OPTIONS, type DeliveryFilter } from "./labels";

const select = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

/** Filters of the delivery log as a GET form: the state lives in the URL (shareable, Back works, no script needed). */
export function DeliveryFilters({ filter, endpoints }: { filter: DeliveryFilter; endpoints: { id: string; name: string }[] }) {
  const active = Boolean(filter.status || filter.endpointId || filter.eventType || filter.eventId);
  return (
    <form action="/admin/webhooks#deliveries" method="get" role="search" aria-label="Filter deliveries" className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-5">
      <div className="space-y-1.5">
        <label htmlFor="f-status" className="block text-sm font-medium text-slate-800">
          Status
        </label>
        <select id="f-status" name="status" defaultValue={filter.status ?? ""} className={select}>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="f-endpoint" className="block text-sm font-medium text-slate-800">
          Endpoint
        </label>
        <select id="f-endpoint" name="endpointId" defaultValue={filter.endpointId ?? ""} className={select}>
          <option value="">All</option>
          {endpoints.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="f-type" className="block text-sm font-medium text-slate-800">
          Event
        </label>
        <select id="f-type" name="eventType" defaultValue={filter.eventType ?? ""} className={select}>
          <option value="">All</option>
          {EVENT_OPTIONS.map((o) => (
            <option key={o.type} value={o.type}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="f-event-id" className="block text-sm font-medium text-slate-800">
          Event id
        </label>
        <input id="f-event-id" name="eventId" type="search" defaultValue={filter.eventId ?? ""} maxLength={128} placeholder="webhook-id" className={select} />
      </div>
      <div className="flex gap-3">
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        {active ? (
          <Link href={deliveriesHref({})} className="py-2 text-sm font-medium text-brand-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
