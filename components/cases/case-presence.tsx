"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime, roleLabel } from "@/components/ui/format";
import type { PresenceState } from "@/lib/cases/presence";
import { caseStatusText } from "./labels";
import { usePresence } from "./use-presence";

function changedBy(p: PresenceState): string {
  const by = p.lastChange?.by;
  if (!by) return "";
  return p.lastChange?.byYou ? " (by you)" : ` (by ${by.name})`;
}

function nowText(p: PresenceState): string {
  const status = caseStatusText[p.case.status]?.label ?? p.case.status;
  return `It is now ${status.toLowerCase()}${p.case.assignee ? `, assigned to ${p.case.assignee.name}` : ", unassigned"}.`;
}

/** The stale-tab warning: the server's version is not the one this page was rendered with. */
function StaleBanner({ presence }: { presence: PresenceState }) {
  const router = useRouter();
  const [reloading, startReload] = useTransition();
  return (
    <div className="flex flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 sm:flex-row sm:items-center sm:justify-between">
      <p>
        <span className="font-semibold">This case changed since you opened it{changedBy(presence)}.</span> {nowText(presence)} Reload before you act: actions from
        this page would be refused as stale.
      </p>
      <Button variant="secondary" className="shrink-0" disabled={reloading} onClick={() => startReload(() => router.refresh())}>
        {reloading ? "Reloading…" : "Reload"}
      </Button>
    </div>
  );
}

function ViewerChips({ viewers }: { viewers: PresenceState["viewers"] }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Also viewing this case">
      {viewers.map((v) => (
        <li
          key={v.staffId}
          title={`Viewing since ${formatDateTime(v.since)}`}
          className="inline-flex items-center gap-1.5 rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-900 ring-1 ring-brand-200 ring-inset"
        >
          <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />
          {v.name} ({(roleLabel[v.role] ?? v.role).toLowerCase()}
          {v.isAssignee ? ", assignee" : ""}) is viewing
        </li>
      ))}
    </ul>
  );
}

/**
 * Who else has this case open, and a clear warning when the case changed under this tab (its
 * `version` is the one the page was rendered with; the heartbeat reports the current one). Both
 * parts are polite live regions, present from the first paint so changes are announced.
 */
export function CasePresence({ caseRef, version }: { caseRef: string; version: number }) {
  const view = usePresence(caseRef, version);
  const presence = view.state === "ready" ? view.presence : null;
  // Compared with the current prop, not the version the heartbeat sent: after router.refresh()
  // the page's version catches up and the banner goes away without waiting for the next beat.
  // Only a newer server version is stale: a reply older than this page (a beat answered before
  // the viewer's own decision refreshed it) says nothing new.
  const stale = presence !== null && presence.case.version > version;
  const viewers = presence?.available ? presence.viewers : [];
  const unavailable = view.state === "unavailable" || (presence !== null && !presence.available);
  return (
    <div className="space-y-2">
      <div role="status" aria-live="polite">
        {stale && presence ? <StaleBanner presence={presence} /> : null}
      </div>
      <div role="status" aria-live="polite" className="min-h-0 text-xs text-slate-500">
        {viewers.length ? <ViewerChips viewers={viewers} /> : null}
        {unavailable ? <p>Presence unavailable: you may not see who else is viewing this case.</p> : null}
      </div>
    </div>
  );
}
