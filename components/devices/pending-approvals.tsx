"use client";

import Link from "next/link";
import { decideApprovalAction } from "@/app/(console)/accounts/[uid]/device-actions";
import { useStaffAction } from "@/components/admin/use-staff-action";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { formatDateTime } from "@/components/ui/format";
import type { ApprovalView } from "@/lib/approvals/list-approvals";
import { itemList, reasonText } from "./labels";

/**
 * Device authorisations waiting for a second supervisor (four-eyes), from listApprovals. Approve
 * and decline show on the rows the caller may decide (a supervisor who did not ask); approving
 * asks for step-up. The server enforces both rules again.
 */
export function PendingApprovals({ approvals, title = "Waiting for a second approval" }: { approvals: ApprovalView[]; title?: string }) {
  const { perform, pending, status, dialog } = useStaffAction();
  if (approvals.length === 0 && !status) return null;

  const decide = (id: string, decision: "APPROVE" | "DECLINE") =>
    perform(`${decision}-${id}`, () => decideApprovalAction({ approvalId: id, decision }), (r) => {
      if (r.status === "DECLINED") return "Declined. The device stays as it was.";
      const items = r.securityItems.length ? ` The customer must still pass: ${itemList(r.securityItems)}.` : "";
      return `Approved: the device is authorised${r.override ? " (ID block overridden, audited)" : ""}. The identity service is being told.${items}`;
    });

  return (
    <section aria-labelledby="approvals-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="approvals-title" className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <ActionStatus status={status} />
      <ul className="divide-y divide-slate-100">
        {approvals.map((a) => (
          <li key={a.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="space-y-1 text-sm">
              <p className="font-medium text-slate-900">
                Authorise {a.device ? `${a.device.model ?? a.device.platform} (${a.device.externalId})` : "a device"}
                {a.accountUid ? (
                  <>
                    {" "}
                    of{" "}
                    <Link className="text-brand-700 underline" href={`/accounts/${encodeURIComponent(a.accountUid)}`}>
                      {a.accountUid}
                    </Link>
                  </>
                ) : null}
              </p>
              <p className="text-slate-600">
                {reasonText[a.reasonCode ?? ""] ?? a.reasonCode ?? "No reason"} · asked by {a.requestedBy.name} · {formatDateTime(a.createdAt)}
              </p>
              {a.note ? <p className="whitespace-pre-line text-slate-700">“{a.note}”</p> : null}
              {!a.canDecide && a.status === "PENDING" ? <p className="text-xs text-slate-500">Another supervisor must decide this one.</p> : null}
            </div>
            {a.canDecide ? (
              <div className="flex flex-wrap gap-2">
                <Button disabled={pending !== null} onClick={() => decide(a.id, "APPROVE")}>
                  {pending === `APPROVE-${a.id}` ? "Working…" : "Approve"}
                </Button>
                <ConfirmButton label="Decline" confirmLabel="Yes, decline" question="Decline this authorisation?" busy={pending === `DECLINE-${a.id}`} onConfirm={() => decide(a.id, "DECLINE")} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {dialog}
    </section>
  );
}
