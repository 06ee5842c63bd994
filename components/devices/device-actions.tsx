"use client";

import { useState } from "react";
import { authorizeDeviceAction, revokeDeviceAction, revokeOtherDevicesAction } from "@/app/(console)/accounts/[uid]/device-actions";
import { useStaffAction } from "@/components/admin/use-staff-action";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { AUTHORIZE_REASONS, REVOKE_REASONS } from "@/lib/devices/reason-codes";
import { DeviceActionForm, type DeviceActionValues } from "./device-action-form";
import { countDevices, itemList } from "./labels";

type Form = "authorize" | "revoke" | "revoke-others" | null;

export interface DeviceActionsProps {
  device: { id: string; status: string; externalId: string };
  accountUid: string;
  permissions: { authorize: boolean; revoke: boolean; overrideBlock: boolean };
  /** The uid of the account that already holds this account's ID document (one ID, one account), when any. */
  blockedBy?: string | null;
  /** Identity-unverified accounts: the security items the customer must pass. */
  securityItems?: string[];
}

/**
 * Authorise, revoke, and revoke-all-others for one device on the account page. Buttons show only
 * for roles that hold the permission and states that allow the action; the server checks both
 * again, asks for step-up (the dialog), and enforces the ID block and four-eyes rules.
 */
export function DeviceActions({ device, accountUid, permissions, blockedBy = null, securityItems = [] }: DeviceActionsProps) {
  const { perform, pending, status, dialog } = useStaffAction();
  const [form, setForm] = useState<Form>(null);
  const blocked = !!blockedBy && !permissions.overrideBlock;
  const canAuthorize = permissions.authorize && device.status !== "AUTHORIZED";
  const canRevoke = permissions.revoke && device.status !== "REVOKED";
  const idPrefix = `device-${device.id}`;
  if (!canAuthorize && !permissions.revoke && !status) return null;

  const done = async (call: () => Promise<boolean>) => {
    if (await call()) setForm(null);
  };
  const authorize = (v: DeviceActionValues) =>
    done(() =>
      perform("authorize", () => authorizeDeviceAction({ ...v, deviceId: device.id }), (r) => {
        const items = r.securityItems.length ? ` The customer must still pass: ${itemList(r.securityItems)}.` : "";
        if (r.outcome === "pending_approval") return `Sent for a second supervisor's approval; the device stays ${device.status.toLowerCase()} until then.${items}`;
        return `Authorised through ${r.caseRef}${r.override ? " (supervisor override, audited)" : ""}. The identity service is being told.${items}`;
      }),
    );
  const revoke = (v: DeviceActionValues) =>
    done(() => perform("revoke", () => revokeDeviceAction({ ...v, deviceId: device.id }), () => "Revoked. The identity service is being told."));
  const revokeOthers = (v: DeviceActionValues) =>
    done(() =>
      perform("revoke-others", () => revokeOtherDevicesAction({ reasonCode: v.reasonCode, note: v.note, deviceId: device.id }), (r) =>
        r.revoked.length ? `${countDevices(r.revoked.length)} revoked; this one is kept.` : "No other device needed revoking.",
      ),
    );

  return (
    <div className="space-y-3" aria-label={`Actions for device ${device.externalId}`} role="group">
      <ActionStatus status={status} />
      {blockedBy && canAuthorize ? (
        <Notice tone="warning" title="ID bound to another account">
          {blocked
            ? `This account's ID document already verifies account ${blockedBy} (one ID, one account). Only a supervisor can authorise its devices.`
            : `This account's ID document already verifies account ${blockedBy}. Authorising overrides that block; the override is audited.`}
        </Notice>
      ) : null}
      {securityItems.length && canAuthorize ? (
        <Notice title="Identity not verified">The customer must pass every bound security item: {itemList(securityItems)}. Authorising here does not skip them.</Notice>
      ) : null}
      {form === null ? (
        <div className="flex flex-wrap gap-2">
          {canAuthorize ? (
            <Button onClick={() => setForm("authorize")} disabled={blocked || pending !== null} title={blocked ? "Needs a supervisor override" : undefined}>
              Authorise…
            </Button>
          ) : null}
          {canRevoke ? (
            <Button variant="secondary" onClick={() => setForm("revoke")} disabled={pending !== null}>
              Revoke…
            </Button>
          ) : null}
          {permissions.revoke ? (
            <Button variant="secondary" onClick={() => setForm("revoke-others")} disabled={pending !== null}>
              Revoke all others…
            </Button>
          ) : null}
        </div>
      ) : form === "authorize" ? (
        <DeviceActionForm
          idPrefix={`${idPrefix}-authorize`}
          title={`Authorise device ${device.externalId}`}
          submitLabel="Authorise"
          reasons={AUTHORIZE_REASONS}
          withCase
          caseHint="Through a case of this account that is assigned to you it happens now; without one, a second supervisor must approve."
          busy={pending === "authorize"}
          onSubmit={authorize}
          onCancel={() => setForm(null)}
        />
      ) : form === "revoke" ? (
        <DeviceActionForm
          idPrefix={`${idPrefix}-revoke`}
          title={`Revoke device ${device.externalId}`}
          submitLabel="Revoke"
          reasons={REVOKE_REASONS}
          withCase
          busy={pending === "revoke"}
          onSubmit={revoke}
          onCancel={() => setForm(null)}
        />
      ) : (
        <DeviceActionForm
          idPrefix={`${idPrefix}-others`}
          title={`Revoke every device of ${accountUid} except ${device.externalId}`}
          submitLabel="Revoke all others"
          reasons={REVOKE_REASONS}
          withCase={false}
          busy={pending === "revoke-others"}
          onSubmit={revokeOthers}
          onCancel={() => setForm(null)}
        />
      )}
      {dialog}
    </div>
  );
}
