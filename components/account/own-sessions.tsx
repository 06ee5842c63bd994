"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOutEverywhereAction } from "@/app/(console)/account/actions";
import { SessionTable } from "@/components/sessions/session-table";
import { ActionStatus } from "@/components/ui/action-status";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { OwnSession } from "@/lib/auth/own-sessions";

/** The member's own active sessions, and "sign out everywhere" (this browser included). */
export function OwnSessions({ sessions }: { sessions: OwnSession[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOutEverywhere() {
    setBusy(true);
    setError(null);
    // On success the action redirects to the sign-in page; a result means it did not.
    const res = await signOutEverywhereAction();
    setBusy(false);
    if (!res.ok) setError(res.error.message);
    else router.replace("/sign-in?ended=signed_out");
  }

  return (
    <section aria-labelledby="sessions-title" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="sessions-title" className="text-base font-semibold text-slate-900">
            Active sessions ({sessions.length})
          </h2>
          <p className="text-sm text-slate-600">Every browser signed in to your account. Do not recognise one? Sign out everywhere and tell security.</p>
        </div>
        <ConfirmButton label="Sign out everywhere" confirmLabel="Yes, sign out everywhere" question="End every session, this one too?" busy={busy} onConfirm={signOutEverywhere} />
      </div>
      <ActionStatus status={error ? { tone: "error", text: error } : null} />
      <SessionTable sessions={sessions} />
    </section>
  );
}
