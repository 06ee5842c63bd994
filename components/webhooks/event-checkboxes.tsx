import { EVENT_OPTIONS } from "./labels";

/** The event types an endpoint receives, as checkboxes named `events`. */
export function EventCheckboxes({ idPrefix, selected }: { idPrefix: string; selected: readonly string[] }) {
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-medium text-slate-800">Events</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-1.5">
        {EVENT_OPTIONS.map((o) => (
          <label key={o.type} htmlFor={`${idPrefix}-${o.type}`} className="inline-flex items-center gap-2 text-sm text-slate-800">
            <input id={`${idPrefix}-${o.type}`} type="checkbox" name="events" value={o.type} defaultChecked={selected.includes(o.type)} className="size-4 rounded border-slate-300" />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
