import Link from "next/link";
import { DECIDED_COUNT_CAP, QUEUE_VIEWS, type QueueCounts, type QueueView } from "@/lib/cases/queue-types";
import { viewText } from "./labels";
import { queueHref } from "./queue-state";

const tab = "flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap";

function Count({ n, current }: { n: number; current: boolean }) {
  return (
    <span className={`min-w-6 rounded-full px-1.5 text-center text-xs tabular-nums ${current ? "bg-brand-100 text-brand-800" : "bg-slate-200 text-slate-700"}`}>
      <span className="sr-only"> (</span>
      {n > DECIDED_COUNT_CAP ? `${DECIDED_COUNT_CAP.toLocaleString("en-US")}+` : n}
      <span className="sr-only">)</span>
    </span>
  );
}

/** Saved views with their counts, and the unmatched inbound emails (the inbound page's list). */
export function QueueTabs({ view, counts }: { view: QueueView | null; counts: QueueCounts }) {
  return (
    <nav aria-label="Saved views" title={`Counted at ${counts.countedAt.slice(11, 19)} UTC; "My cases" is live.`}>
      <ul className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
        {QUEUE_VIEWS.map((key) => {
          const current = key === view;
          return (
            <li key={key}>
              <Link
                href={queueHref({ view: key })}
                aria-current={current ? "page" : undefined}
                className={`${tab} ${current ? "bg-white text-brand-800 shadow-xs ring-1 ring-slate-200" : "text-slate-700 hover:bg-white/60 hover:text-slate-900"}`}
              >
                {viewText[key].label}
                <Count n={counts[key]} current={current} />
              </Link>
            </li>
          );
        })}
        <li>
          <Link href="/inbound?status=unmatched" className={`${tab} text-slate-700 hover:bg-white/60 hover:text-slate-900`}>
            Unmatched emails
            <Count n={counts.unmatchedEmails} current={false} />
          </Link>
        </li>
      </ul>
    </nav>
  );
}
