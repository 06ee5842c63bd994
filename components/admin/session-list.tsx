"use client";

import { revokeAllSessionsAction, revokeSessionAction } from "@/app/(console)/admin/actions";
import { ConfirmButton } from "./confirm-button";
import { formatDateTime } from "./format";
import { ActionStatus, useStaffAction } from "./use-staff-action";

export interface SessionView {
  id: string;
  method: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
}

/** A member's active sessions, each revocable, plus "revoke all". */
export function SessionList({ staffId, sessions, canManage }: { staffId: string; sessions: SessionView[]; canManage: boolean }) {
  const { perform, pending, status, dialog } = useStaffAction();

  return (
    <section aria-labelledby="sessions-title" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h2 id="sessions-title" className="text-base font-semibold text-slate-900">
          Active sessions ({sessions.length})
        </h2>
        {canManage && sessions.length > 0 ? (
          <ConfirmButton
            label="Revoke all"
            confirmLabel="Yes, revoke all"
            question="Sign them out everywhere?"
            busy={pending === "all"}
            onConfirm={() => perform("all", () => revokeAllSessionsAction({ staffId }), (r) => `${r.sessionIds.length} session(s) revoked.`)}
          />
        ) : null}
      </div>
      <ActionStatus status={status} />
      {sessions.length === 0 ? (
        <p className="text-sm text-slate-600">No active sessions.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">Signed in</th>
                <th scope="col" className="px-3 py-2 font-semibold">Method</th>
                <th scope="col" className="px-3 py-2 font-semibold">IP address</th>
                <th scope="col" className="px-3 py-2 font-semibold">Browser</th>
                <th scope="col" className="px-3 py-2 font-semibold">Last active</th>
                <th scope="col" className="px-3 py-2 font-semibold">Expires</th>
                {canManage ? <th scope="col" className="px-3 py-2 font-semibold"><span className="sr-only">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(s.createdAt)}</td>
                  <td className="px-3 py-2">{s.method === "OIDC" ? "Single sign-on" : "Password"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{s.ip ?? "—"}</td>
                  <td className="max-w-40 truncate px-3 py-2 text-xs text-slate-600" title={s.userAgent ?? undefined}>{s.userAgent ?? "—"}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(s.lastActiveAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(s.expiresAt)}</td>
                  {canManage ? (
                    <td className="px-3 py-2 text-right">
                      <ConfirmButton
                        label="Revoke"
                        confirmLabel="Yes, revoke"
                        question="End this session?"
                        busy={pending === s.id}
                        onConfirm={() =>
                          perform(s.id, () => revokeSessionAction({ staffId, sessionId: s.id }), (r) => (r.revoked ? "Session revoked." : "That session had already ended."))
                        }
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog}
    </section>
  );
}
