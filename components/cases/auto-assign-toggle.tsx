"use client";

import { useState } from "react";
import { setAvailabilityAction } from "@/app/(console)/queue/actions";
import { ActionStatus } from "@/components/ui/action-status";
import type { Availability } from "@/lib/cases/availability";
import { useCaseAction } from "./use-case-action";

function helpText(a: Availability, on: boolean): string {
  if (!on) return "Off: you take cases yourself with Claim next.";
  const room = `whenever you hold fewer than ${a.maxOpen} case${a.maxOpen === 1 ? "" : "s"} in review (now ${a.openCases})`;
  if (!a.enabled) return `Auto-assignment is switched off for everyone at the moment; once it is on you get the most urgent unassigned case ${room}.`;
  return `While you are signed in and active, you get the most urgent unassigned case ${room}. Signing out or going idle stops it.`;
}

/**
 * "Give me cases automatically": the caller's opt-in to auto-assignment, a labelled switch
 * (a checkbox with role="switch": Space toggles it). Supervisors also see how many staff are
 * online for auto-assignment.
 */
export function AutoAssignToggle({ availability }: { availability: Availability }) {
  const action = useCaseAction();
  const [on, setOn] = useState(availability.autoAssign);

  async function toggle(next: boolean) {
    setOn(next);
    const ok = await action.perform(
      () => setAvailabilityAction({ autoAssign: next }),
      (data) => (data.autoAssign ? "Auto-assignment is on: cases will come to you." : "Auto-assignment is off."),
    );
    if (!ok) setOn(!next);
  }

  return (
    <section aria-label="Auto-assignment" className="space-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <input
            id="auto-assign"
            type="checkbox"
            role="switch"
            checked={on}
            disabled={action.pending}
            onChange={(e) => void toggle(e.target.checked)}
            aria-describedby="auto-assign-help"
            className="size-5 accent-brand-700"
          />
          <label htmlFor="auto-assign" className="text-sm font-medium text-slate-900">
            Give me cases automatically
          </label>
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${on && availability.enabled ? "bg-emerald-100 text-emerald-900" : "bg-slate-100 text-slate-700"}`}>
            {on ? (availability.enabled ? "On" : "On (paused for everyone)") : "Off"}
          </span>
        </div>
        {availability.onlineStaff !== null ? (
          <p className="text-sm text-slate-600">
            {availability.onlineStaff} staff online for auto-assignment
          </p>
        ) : null}
      </div>
      <p id="auto-assign-help" className="text-xs text-slate-600">
        {helpText(availability, on)}
      </p>
      <ActionStatus status={action.status} />
    </section>
  );
}
