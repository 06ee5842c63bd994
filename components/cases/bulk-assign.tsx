"use client";

import { useId, useState } from "react";
import { assignCasesAction } from "@/app/(console)/queue/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { useCaseAction } from "./use-case-action";

/**
 * Supervisors' bulk control: assign the selected cases to a staff member, or release them back to
 * the unassigned pool. The outcome is announced (live region) and the queue re-renders.
 */
export function BulkAssign({ refs, staff, onDone }: { refs: string[]; staff: { id: string; name: string; role: string }[]; onDone: () => void }) {
  const id = useId();
  const [assignee, setAssignee] = useState("");
  const { perform, pending, status } = useCaseAction();
  const n = refs.length;
  const cases = `${n} case${n === 1 ? "" : "s"}`;

  async function run(assigneeId: string | null) {
    const name = staff.find((s) => s.id === assigneeId)?.name;
    const ok = await perform(
      () => assignCasesAction({ refs, assigneeId }),
      (data) => {
        const done = data.assigned.length;
        const what = `${done} case${done === 1 ? "" : "s"}`;
        return assigneeId ? `Assigned ${what} to ${name ?? "the chosen staff member"}.` : `Released ${what} to the unassigned pool.`;
      },
    );
    if (ok) onDone();
  }

  return (
    <div className="space-y-2">
      <div role="group" aria-label="Bulk actions" className="flex flex-wrap items-end gap-3 rounded-lg border border-brand-200 bg-brand-50 px-4 py-3">
        <p className="self-center text-sm font-medium text-brand-900" aria-live="polite">
          {n ? `${cases} selected` : "Select cases to assign or release them"}
        </p>
        <div className="space-y-1">
          <label htmlFor={id} className="block text-xs font-medium text-slate-700">
            Assign to
          </label>
          <select
            id={id}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            className="block rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          >
            <option value="">Choose a staff member…</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.role.toLowerCase()})
              </option>
            ))}
          </select>
        </div>
        <Button disabled={!n || !assignee || pending} onClick={() => run(assignee)}>
          {pending ? "Working…" : "Assign"}
        </Button>
        <Button variant="secondary" disabled={!n || pending} onClick={() => run(null)}>
          Release
        </Button>
      </div>
      <ActionStatus status={status} />
    </div>
  );
}
