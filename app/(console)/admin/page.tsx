import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { StaffTable } from "@/components/admin/staff-table";
import { NotAllowed } from "@/components/auth/not-allowed";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { listStaff } from "@/lib/staff/list-staff";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { actor, allowed } = await pageSession("staff.read");
  const header = (actions?: ReactNode) => (
    <PageHeader title="Staff" description="Staff accounts, roles, MFA, lockouts and sessions." actions={actions} />
  );
  if (!allowed || actor.type !== "STAFF") {
    return (
      <div className="space-y-6">
        {header()}
        <NotAllowed what="Staff administration" />
      </div>
    );
  }
  const rows = await listStaff(actor, { request: await currentRequest() });
  // Only hides a link the server would refuse anyway (createStaff checks staff.manage itself).
  const canManage = roleHas(actor.role, "staff.manage");
  const canWebhooks = roleHas(actor.role, "settings.manage");
  const canHolds = roleHas(actor.role, "retention.manage");
  return (
    <div className="space-y-6">
      {header(
        canManage || canWebhooks || canHolds ? (
          <>
            {canHolds ? (
              <Link href="/admin/legal-holds" className={buttonClass("secondary")}>
                Legal holds
              </Link>
            ) : null}
            {canWebhooks ? (
              <Link href="/admin/webhooks" className={buttonClass("secondary")}>
                Webhooks
              </Link>
            ) : null}
            {canManage ? (
              <Link href="/admin/staff/new" className={buttonClass("primary")}>
                New staff member
              </Link>
            ) : null}
          </>
        ) : undefined,
      )}
      <StaffTable rows={rows} />
    </div>
  );
}
