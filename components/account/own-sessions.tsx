"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOutEverywhereAction } from "@/app/(console)/account/actions";
import { Badge } from "@/components/admin/badges";
import { ConfirmButton } from "@/components/admin/confirm-button";
import { formatDateTime } from "@/components/admin/format";
import { ActionStatus } from "@/components/admin/use-staff-action";
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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">Signed in</th>
              <th scope="col" className="px-3 py-2 font-semibold">Method</th>
              <th scope="col" className="px-3 py-2 font-semibold">IP address</th>
              <th scope="col" className="px-3 py-2 font-semibold">Browser</th>
              <th scope="col" className="px-3 py-2 font-semibold">Last active</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sessions.map((s) => (
              <tr key={s.id} aria-current={s.current ? "true" : undefined}>
                <td className="px-3 py-2 whitespace-nowrap">
                  {formatDateTime(s.createdAt)} {s.current ? <Badge tone="brand">This session</Badge> : null}
                </td>
                <td className="px-3 py-2">{s.method === "OIDC" ? "Single sign-on" : "Password"}</td>
                <td className="px-3 py-2 font-mono text-xs">{s.ip ?? "—"}</td>
                <td className="max-w-xs truncate px-3 py-2 text-xs text-slate-600" title={s.userAgent ?? undefined}>
                  {s.userAgent ?? "—"}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(s.lastActiveAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
