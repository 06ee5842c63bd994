"use client";

import Link from "next/link";
import { useActionState } from "react";
import { acceptInviteAction, type InviteFormState } from "@/app/(auth)/invite/[token]/actions";
import { FormError } from "@/components/auth/form-error";
import { buttonClass, Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Sets the invitee's password (typed twice); then sends them to sign in, where MFA is set up. */
export function InviteForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<InviteFormState, FormData>(acceptInviteAction, {});

  if (state.accepted) {
    return (
      <div className="space-y-5">
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          Your password is set. Sign in with {state.accepted.email}; you will set up your authenticator app next.
        </p>
        <Link href="/sign-in" className={buttonClass("primary", "w-full")}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form action={action} aria-label="Set your password" className="space-y-5">
      <FormError message={state.error} />
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field
        id="password"
        name="password"
        type="password"
        label="New password"
        hint="At least 12 characters. A passphrase of a few words is easy to type and hard to guess."
        autoComplete="new-password"
        minLength={12}
        maxLength={128}
        required
        autoFocus
      />
      <Field id="confirm" name="confirm" type="password" label="Repeat the password" autoComplete="new-password" maxLength={128} required />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
