"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { revokeTokenAction } from "@/app/(console)/account/actions";
import { ActionStatus, type ActionStatusValue } from "@/components/ui/action-status";
import type { ApiTokenView, CreatedApiToken } from "@/lib/auth/api-tokens";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { CreateTokenForm } from "./create-token-form";
import { NewTokenNotice } from "./new-token-notice";
import { TokenTable } from "./token-table";

/** Personal API tokens: list, create (the value shown once) and revoke. */
export function ApiTokens(props: { tokens: ApiTokenView[]; roles: StaffRole[]; defaultRole: StaffRole; defaultDays: number; maxDays: number }) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [status, setStatus] = useState<ActionStatusValue>(null);

  async function revoke(t: ApiTokenView) {
    setBusyId(t.id);
    setStatus(null);
    const res = await revokeTokenAction(t.id);
    setBusyId(null);
    setStatus(res.ok ? { tone: "ok", text: `“${t.name}” is revoked: it stops working now.` } : { tone: "error", text: res.error.message });
    router.refresh();
  }

  return (
    <section aria-labelledby="tokens-title" className="space-y-4">
      <div>
        <h2 id="tokens-title" className="text-base font-semibold text-slate-900">
          API tokens
        </h2>
        <p className="text-sm text-slate-600">
          Personal tokens for scripts calling the Gatehouse API (<code className="font-mono text-xs">Authorization: Bearer …</code>). A token acts as you, with
          the role you choose. Actions that ask you to confirm it is you also need your authenticator code in the{" "}
          <code className="font-mono text-xs">X-Gatehouse-TOTP</code> header.
        </p>
      </div>
      {created ? <NewTokenNotice token={created} onDone={() => setCreated(null)} /> : null}
      <ActionStatus status={status} />
      <TokenTable tokens={props.tokens} busyId={busyId} onRevoke={revoke} />
      <CreateTokenForm
        roles={props.roles}
        defaultRole={props.defaultRole}
        defaultDays={props.defaultDays}
        maxDays={props.maxDays}
        onCreated={(token) => {
          setStatus(null);
          setCreated(token);
          router.refresh();
        }}
      />
    </section>
  );
}
