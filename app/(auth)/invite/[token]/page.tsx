import type { Metadata } from "next";
import Link from "next/link";
import { Wordmark } from "@/components/brand/logo";
import { InviteForm } from "@/components/auth/invite-form";
import { Notice } from "@/components/ui/notice";
import { describeInvite } from "@/lib/staff/accept-invite";

export const metadata: Metadata = { title: "Set your password", robots: { index: false, follow: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await describeInvite(token);

  return (
    <div className="space-y-8">
      <div className="lg:hidden">
        <Wordmark />
      </div>
      {invite ? (
        <>
          <div className="space-y-1.5">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome to Gatehouse, {invite.name}</h1>
            <p className="text-sm text-slate-600">
              Choose a password for <span className="font-medium text-slate-900">{invite.email}</span>. This link works once.
            </p>
          </div>
          <InviteForm token={token} email={invite.email} />
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Invite link not usable</h1>
          <Notice title="This invite link is not valid or has expired" tone="warning">
            Invite links work once and for 72 hours. Ask an administrator for a new one.
          </Notice>
          <Link href="/sign-in" className="text-sm font-medium text-brand-700 hover:underline">
            Go to sign-in
          </Link>
        </>
      )}
    </div>
  );
}
