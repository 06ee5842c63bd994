import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { hasFilters, type AuditUrlState } from "./audit-state";
import { outcomeText } from "./labels";

// The filter bar: a GET form, so the state lives in the URL and works before scripts load.
// Submitting starts again at the first page (the cursor is dropped).

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

function Labelled({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const ACTION_PREFIXES = ["auth.", "case.", "device.", "document.", "audit.", "staff.", "api_token.", "email.", "approval.", "webhook.", "outbound.", "retention."];

export function AuditFilters({ state }: { state: AuditUrlState }) {
  return (
    <form action="/audit" method="get" aria-label="Filter the audit trail" className="rounded-lg border border-slate-200 bg-white p-4">
      {state.view ? <input type="hidden" name="view" value={state.view} /> : null}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Labelled id="audit-actor" label="Actor" hint="Staff email or id, or a system actor">
          <input id="audit-actor" name="actor" defaultValue={state.actor} maxLength={200} aria-describedby="audit-actor-hint" className={control} />
        </Labelled>
        <Labelled id="audit-action" label="Action" hint="e.g. case.decided, or case. for all">
          <input id="audit-action" name="action" list="audit-action-prefixes" defaultValue={state.action} maxLength={200} aria-describedby="audit-action-hint" className={control} />
          <datalist id="audit-action-prefixes">
            {ACTION_PREFIXES.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </Labelled>
        <Labelled id="audit-case" label="Case" hint="GH-000123">
          <input id="audit-case" name="case" defaultValue={state.case} maxLength={200} aria-describedby="audit-case-hint" className={control} />
        </Labelled>
        <Labelled id="audit-account" label="Account" hint="Account uid">
          <input id="audit-account" name="account" defaultValue={state.account} maxLength={100} aria-describedby="audit-account-hint" className={control} />
        </Labelled>
        <Labelled id="audit-from" label="From (UTC)">
          <input id="audit-from" name="from" type="date" defaultValue={state.from.slice(0, 10)} className={control} />
        </Labelled>
        <Labelled id="audit-to" label="To (UTC, inclusive)">
          <input id="audit-to" name="to" type="date" defaultValue={state.to.slice(0, 10)} className={control} />
        </Labelled>
        <Labelled id="audit-outcome" label="Outcome">
          <select id="audit-outcome" name="outcome" defaultValue={state.outcome} className={control}>
            <option value="">Any outcome</option>
            {Object.entries(outcomeText).map(([v, o]) => (
              <option key={v} value={v}>
                {o.label}
              </option>
            ))}
          </select>
        </Labelled>
        <Labelled id="audit-order" label="Order">
          <select id="audit-order" name="order" defaultValue={state.order} className={control}>
            <option value="">Default</option>
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </Labelled>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>
          Apply filters
        </button>
        {hasFilters(state) || state.order ? (
          <Link href="/audit" className="text-sm font-medium text-brand-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
