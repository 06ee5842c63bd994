import type { SelectHTMLAttributes } from "react";
import { roleLabel } from "@/components/ui/format";

export const ROLES = ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** A labelled role picker with the same look as Field. */
export function RoleSelect({ id, label, ...select }: Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "className"> & { id: string; label: string }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none disabled:bg-slate-100"
        {...select}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roleLabel[r]}
          </option>
        ))}
      </select>
    </div>
  );
}
