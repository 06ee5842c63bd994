import type { Metadata } from "next";
import { ApiTokens } from "@/components/account/api-tokens";
import { OwnSessions } from "@/components/account/own-sessions";
import { ProfileCard } from "@/components/account/profile-card";
import { RecoveryCodes } from "@/components/account/recovery-codes";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { DEFAULT_TOKEN_DAYS, listApiTokens } from "@/lib/auth/api-tokens";
import { currentRequest, pageSession } from "@/lib/auth/current";
import { listOwnSessions } from "@/lib/auth/own-sessions";
import { roleAtOrBelow, roleHas } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { StaffRole } from "@/lib/generated/prisma/enums";

export const metadata: Metadata = { title: "Your account" };

/** The signed-in member's own page: profile, sessions, API tokens and recovery codes. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, actor } = await pageSession();
  const { staff } = session;
  const canTokens = roleHas(staff.role, "token.manage_own");
  const [sessions, tokens] = await Promise.all([listOwnSessions(actor), canTokens ? listApiTokens(actor, { request: await currentRequest() }) : []]);
  const left = (await searchParams).recovery_left;
  const recoveryLeft = typeof left === "string" && /^\d{1,2}$/.test(left) ? Number(left) : null;

  return (
    <div className="space-y-8">
      <PageHeader title="Your account" description="Your profile, where you are signed in, your API tokens and your recovery codes." />
      {recoveryLeft !== null ? (
        <Notice title="You signed in with a recovery code" tone="warning">
          That code is now used up; {recoveryLeft} remain. If you lost your authenticator, ask an administrator to reset it. Otherwise, generate a fresh set
          below.
        </Notice>
      ) : null}
      <ProfileCard name={staff.name} email={staff.email} role={staff.role} />
      <OwnSessions sessions={sessions} />
      {canTokens ? (
        <ApiTokens
          tokens={tokens}
          roles={Object.values(StaffRole).filter((r) => roleAtOrBelow(r, staff.role))}
          defaultRole={staff.role}
          defaultDays={DEFAULT_TOKEN_DAYS}
          maxDays={config.API_TOKEN_MAX_DAYS}
        />
      ) : null}
      <RecoveryCodes />
    </div>
  );
}
