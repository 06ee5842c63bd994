import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { INBOUND_TABS, inboundHref, type InboundTabKey } from "./labels";

/**
 * Status tabs and the search box. Plain links and a GET form: the state lives in the URL, so a
 * filtered page can be shared, reloaded and navigated with Back, and it works before scripts load.
 */
export function InboundFilters({ tab, q }: { tab: InboundTabKey; q: string }) {
  return (
    <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
      <nav aria-label="Filter by status">
        <ul className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
          {INBOUND_TABS.map((t) => {
            const current = t.key === tab;
            return (
              <li key={t.key}>
                <Link
                  href={inboundHref({ tab: t.key, q })}
                  aria-current={current ? "page" : undefined}
                  className={`block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${
                    current ? "bg-white text-brand-800 shadow-xs ring-1 ring-slate-200" : "text-slate-700 hover:bg-white/60 hover:text-slate-900"
                  }`}
                >
                  {t.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <form action="/inbound" method="get" role="search" className="flex w-full max-w-md items-end gap-2">
        {tab !== "all" ? <input type="hidden" name="status" value={tab} /> : null}
        <div className="min-w-0 flex-1 space-y-1.5">
          <label htmlFor="inbound-search" className="block text-sm font-medium text-slate-800">
            Search
          </label>
          <input
            id="inbound-search"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            placeholder="Sender, subject, message id, GH-…"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        {q ? (
          <Link href={inboundHref({ tab })} className="py-2 text-sm font-medium text-brand-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>
    </div>
  );
}
