"use client";

import { useState } from "react";
import { changeRoleAction, disableStaffAction, enableStaffAction, resetMfaAction, unlockStaffAction } from "@/app/(console)/admin/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { roleLabel } from "@/components/ui/format";
import { InviteLink } from "./invite-link";
import { RoleSelect, type Role } from "./role-select";
import { useStaffAction } from "./use-staff-action";

interface Props {
  staffId: string;
  name: string;
  role: Role;
  status: "INVITED" | "ACTIVE" | "DISABLED";
  locked: boolean;
  mfaEnrolled: boolean;
}

const ended = (n: number) => (n === 1 ? "1 session ended" : `${n} sessions ended`);

/** Role, access, MFA and lockout controls for one member. Every rule is checked by the server. */
export function StaffControls({ staffId, name, role, status, locked, mfaEnrolled }: Props) {
  const { perform, pending, status: outcome, dialog } = useStaffAction();
  const [newRole, setNewRole] = useState<Role>(role);
  const [invite, setInvite] = useState<{ url: string; expiresAt: Date | null } | null>(null);
  const target = { staffId };

  return (
    <section aria-labelledby="controls-title" className="space-y-5 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="controls-title" className="text-base font-semibold text-slate-900">
        Manage
      </h2>
      <ActionStatus status={outcome} />
      {invite ? <InviteLink url={invite.url} expiresAt={invite.expiresAt} name={name} /> : null}

      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="w-full max-w-xs">
          <RoleSelect id="new-role" label="Role" value={newRole} onChange={(e) => setNewRole(e.target.value as Role)} />
        </div>
        <ConfirmButton
          label="Change role"
          confirmLabel="Yes, change role"
          question={`Make ${name} ${roleLabel[newRole]}? Their sessions end.`}
          disabled={newRole === role}
          busy={pending === "role"}
          onConfirm={() =>
            perform("role", () => changeRoleAction({ staffId, role: newRole }), (r) =>
              r.changed ? `Role changed to ${roleLabel[r.staff.role]}; ${ended(r.sessionsEnded)}, ${r.tokensRevoked} API token(s) revoked.` : "The role was already set.",
            )
          }
        />
      </div>

      <div className="flex flex-wrap gap-3 border-t border-slate-100 pt-4">
        {status === "DISABLED" ? (
          <Button
            variant="secondary"
            disabled={pending !== null}
            onClick={() =>
              perform("enable", () => enableStaffAction(target), (r) => {
                if (r.inviteUrl) setInvite({ url: r.inviteUrl, expiresAt: r.inviteExpiresAt });
                return r.inviteUrl ? "Enabled. They never accepted their invite, so here is a new link." : "Enabled. They can sign in again.";
              })
            }
          >
            {pending === "enable" ? "Working…" : "Enable"}
          </Button>
        ) : (
          <ConfirmButton
            label="Disable"
            confirmLabel="Yes, disable"
            question={`Disable ${name}? They are signed out everywhere.`}
            busy={pending === "disable"}
            onConfirm={() => perform("disable", () => disableStaffAction(target), (r) => `Disabled; ${ended(r.sessionsEnded)}.`)}
          />
        )}
        <ConfirmButton
          label="Reset MFA"
          confirmLabel="Yes, reset MFA"
          question={`Remove ${name}'s authenticator and recovery codes?`}
          busy={pending === "mfa"}
          disabled={!mfaEnrolled}
          onConfirm={() => perform("mfa", () => resetMfaAction(target), (r) => `MFA reset; ${ended(r.sessionsEnded)}. They set up a new authenticator at their next sign-in.`)}
        />
        {locked ? (
          <Button
            variant="secondary"
            disabled={pending !== null}
            onClick={() => perform("unlock", () => unlockStaffAction(target), () => "Unlocked. The failed sign-in count starts again from zero.")}
          >
            {pending === "unlock" ? "Working…" : "Unlock"}
          </Button>
        ) : null}
      </div>
      {dialog}
    </section>
  );
}
