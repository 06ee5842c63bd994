"use client";

import { toggleableColumns } from "./queue-columns";

/** The column visibility menu: a disclosure with one checkbox per optional column. */
export function ColumnMenu({ hidden, onChange }: { hidden: string[]; onChange: (hidden: string[]) => void }) {
  return (
    <details className="relative">
      <summary className="inline-flex cursor-pointer list-none items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-xs hover:bg-slate-50">
        Columns
        <span aria-hidden="true" className="text-slate-400">
          ▾
        </span>
      </summary>
      <fieldset className="absolute right-0 z-20 mt-1 w-48 space-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
        <legend className="sr-only">Visible columns</legend>
        {toggleableColumns.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 accent-brand-700"
              checked={!hidden.includes(c.id)}
              onChange={(e) => onChange(e.target.checked ? hidden.filter((h) => h !== c.id) : [...hidden, c.id])}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
