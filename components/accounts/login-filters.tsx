import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { accountHref, methodText, outcomeText, platformText, type LoginFilterState } from "./labels";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

function Select({ id, name, label, value, options }: { id: string; name: string; label: string; value?: string; options: [string, string][] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={control}>
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Login-history filters as a GET form: the state lives in the URL (shareable, survives reloads,
 * works before scripts load). Dates are UTC days; "to" includes its whole day.
 */
export function LoginFilters({ uid, state, devices }: { uid: string; state: LoginFilterState; devices: { id: string; platform: string; model: string | null; externalId: string }[] }) {
  const active = !!(state.device || state.method || state.outcome || state.from || state.to);
  return (
    <form action={`/accounts/${encodeURIComponent(uid)}#logins`} method="get" aria-label="Filter the login history" className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6">
      <Select
        id="login-device"
        name="device"
        label="Device"
        value={state.device}
        options={devices.map((d) => [d.id, `${platformText[d.platform] ?? d.platform}${d.model ? ` · ${d.model}` : ""} (${d.externalId.slice(0, 12)})`])}
      />
      <Select id="login-method" name="method" label="Method" value={state.method} options={Object.entries(methodText)} />
      <Select id="login-outcome" name="outcome" label="Outcome" value={state.outcome} options={Object.entries(outcomeText).map(([k, v]) => [k, v.label])} />
      <div className="space-y-1">
        <label htmlFor="login-from" className="block text-xs font-medium text-slate-700">
          From (UTC)
        </label>
        <input id="login-from" name="from" type="date" defaultValue={state.from} className={control} />
      </div>
      <div className="space-y-1">
        <label htmlFor="login-to" className="block text-xs font-medium text-slate-700">
          To (UTC, inclusive)
        </label>
        <input id="login-to" name="to" type="date" defaultValue={state.to} className={control} />
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        {active ? (
          <Link href={`${accountHref(uid)}#logins`} className="text-sm font-medium text-brand-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
