"use client";

import { revokeAllSessionsAction, revokeSessionAction } from "@/app/(console)/admin/actions";
import { SessionTable, type SessionRowView } from "@/components/sessions/session-table";
import { ActionStatus } from "@/components/ui/action-status";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useStaffAction } from "./use-staff-action";

/** A member's active sessions, each revocable, plus "revoke all". */
export function SessionList({ staffId, sessions, canManage }: { staffId: string; sessions: SessionRowView[]; canManage: boolean }) {
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
        <SessionTable
          sessions={sessions}
          showExpiry
          action={
            canManage
              ? (s) => (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Yes, revoke"
                    question="End this session?"
                    busy={pending === s.id}
                    onConfirm={() =>
                      perform(s.id, () => revokeSessionAction({ staffId, sessionId: s.id }), (r) => (r.revoked ? "Session revoked." : "That session had already ended."))
                    }
                  />
                )
              : undefined
          }
        />
      )}
      {dialog}
    </section>
  );
}
