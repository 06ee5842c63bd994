import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LockBadge, MfaBadge, StatusBadge } from "@/components/admin/badges";
import { SessionList } from "@/components/admin/session-list";
import { SignInEvents } from "@/components/admin/sign-in-events";
import { StaffControls } from "@/components/admin/staff-controls";
import { NotAllowed } from "@/components/auth/not-allowed";
import { RoleBadge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { roleHas } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { getStaff, type StaffDetail } from "@/lib/staff/get-staff";

export const metadata: Metadata = { title: "Staff member" };

const back = (
  <Link href="/admin" className="text-sm font-medium text-brand-700 hover:underline">
    Back to staff
  </Link>
);

async function load(actor: Parameters<typeof getStaff>[0], staffId: string): Promise<StaffDetail> {
  try {
    return await getStaff(actor, { staffId }, { request: await currentRequest() });
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

export default async function StaffMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, allowed } = await pageSession("staff.read", { type: "staff", id: id.slice(0, 64) });
  if (!allowed || actor.type !== "STAFF") {
    return (
      <div className="space-y-6">
        <PageHeader title="Staff member" description="Details, sessions and sign-in history." actions={back} />
        <NotAllowed what="Staff administration" />
      </div>
    );
  }
  const staff = await load(actor, id);
  // Hides controls the server would refuse anyway; every action checks staff.manage itself.
  const canManage = roleHas(actor.role, "staff.manage");
  const facts: [string, string][] = [
    ["Email", staff.email],
    ["Created", formatDateTime(staff.createdAt)],
    ["Last active", formatDateTime(staff.lastActiveAt)],
    ["MFA enrolled", staff.mfaEnrolledAt ? formatDateTime(staff.mfaEnrolledAt) : "Not yet (set up at the next sign-in)"],
    ["Failed sign-ins", String(staff.failedSignIns)],
    ["Locked until", staff.lockedUntil ? formatDateTime(staff.lockedUntil) : "Not locked"],
    ...(staff.inviteExpiresAt ? ([["Invite expires", formatDateTime(staff.inviteExpiresAt)]] as [string, string][]) : []),
    ...(staff.disabledAt ? ([["Disabled", formatDateTime(staff.disabledAt)]] as [string, string][]) : []),
  ];

  return (
    <div className="space-y-8">
      <PageHeader title={staff.name} description="Details, sessions and sign-in history." actions={back} />
      <div className="flex flex-wrap gap-2">
        <RoleBadge role={staff.role} />
        <StatusBadge status={staff.status} />
        <MfaBadge enrolled={staff.mfaEnrolled} />
        <LockBadge until={staff.lockedUntil} />
      </div>
      <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-2">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {canManage ? (
        <StaffControls
          staffId={staff.id}
          name={staff.name}
          role={staff.role}
          status={staff.status}
          locked={staff.lockedUntil !== null}
          mfaEnrolled={staff.mfaEnrolled}
        />
      ) : null}
      <SessionList staffId={staff.id} sessions={staff.sessions} canManage={canManage} />
      <SignInEvents events={staff.signInEvents} />
    </div>
  );
}
