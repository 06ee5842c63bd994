import type { Metadata } from "next";
import Link from "next/link";
import { NewStaffForm } from "@/components/admin/new-staff-form";
import { NotAllowed } from "@/components/auth/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { pageSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "New staff member" };

export default async function NewStaffPage() {
  const { allowed } = await pageSession("staff.manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title="New staff member"
        description="They get a one-time invite link to set their own password; MFA is set up at their first sign-in."
        actions={
          <Link href="/admin" className="text-sm font-medium text-brand-700 hover:underline">
            Back to staff
          </Link>
        }
      />
      {allowed ? <NewStaffForm /> : <NotAllowed what="Adding staff members" />}
    </div>
  );
}
