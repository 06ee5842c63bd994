import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { caseStatusText, priorityText, riskFlagText, slaText } from "./labels";
import { queueHref, type QueueUrlState } from "./queue-state";

// The filter bar: a GET form, so the state lives in the URL and works before scripts load.
// Submitting starts again at the first page (the cursor is dropped); view and sort are kept.

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

function Labelled({ id, label, children, wide }: { id: string; label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`space-y-1 ${wide ? "sm:col-span-2" : ""}`}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

function Select({ id, name, value, any, options }: { id: string; name: string; value: string; any: string; options: [string, string][] }) {
  return (
    <select id={id} name={name} defaultValue={value} className={control}>
      <option value="">{any}</option>
      {options.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

export function QueueFilters({ state, staff }: { state: QueueUrlState; staff: { id: string; name: string }[] }) {
  const assignees: [string, string][] = [["me", "Me"], ["none", "Unassigned"], ...staff.map((s): [string, string] => [s.id, s.name])];
  const filtered = !!(state.status || state.assignee || state.priority || state.sla || state.risk || state.createdFrom || state.createdTo || state.q);
  return (
    <form action="/queue" method="get" aria-label="Filter the queue" className="rounded-lg border border-slate-200 bg-white p-4">
      {state.view ? <input type="hidden" name="view" value={state.view} /> : null}
      {state.sort ? <input type="hidden" name="sort" value={state.sort} /> : null}
      {state.dir ? <input type="hidden" name="dir" value={state.dir} /> : null}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Labelled id="queue-q" label="Search" wide>
          <input id="queue-q" name="q" type="search" defaultValue={state.q} maxLength={200} placeholder="GH-…, account uid or email" className={control} />
        </Labelled>
        <Labelled id="queue-status" label="Status">
          <Select id="queue-status" name="status" value={state.status} any="Any status" options={Object.entries(caseStatusText).map(([k, v]) => [k, v.label])} />
        </Labelled>
        <Labelled id="queue-assignee" label="Assignee">
          <Select id="queue-assignee" name="assignee" value={state.assignee} any="Anyone" options={assignees} />
        </Labelled>
        <Labelled id="queue-priority" label="Priority">
          <Select id="queue-priority" name="priority" value={state.priority} any="Any priority" options={Object.entries(priorityText).map(([k, v]) => [k, v.label])} />
        </Labelled>
        <Labelled id="queue-sla" label="SLA">
          <Select id="queue-sla" name="sla" value={state.sla} any="Any SLA state" options={Object.entries(slaText)} />
        </Labelled>
        <Labelled id="queue-risk" label="Risk flag">
          <Select id="queue-risk" name="risk" value={state.risk} any="Any" options={Object.entries(riskFlagText)} />
        </Labelled>
        <Labelled id="queue-from" label="Created on or after">
          <input id="queue-from" name="createdFrom" type="date" defaultValue={state.createdFrom} className={control} />
        </Labelled>
        <Labelled id="queue-to" label="Created before">
          <input id="queue-to" name="createdTo" type="date" defaultValue={state.createdTo} className={control} />
        </Labelled>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>
          Apply filters
        </button>
        {filtered ? (
          <Link href={queueHref({ view: state.view, sort: state.sort ?? undefined, dir: state.dir ?? undefined })} className="text-sm font-medium text-brand-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
