"use client";

import { useActionState } from "react";
import { verifyCode, type FormState } from "@/app/(auth)/sign-in/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/auth/form-error";

/** Second factor: a TOTP code, or one of the recovery codes. */
export function CodeForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(verifyCode, {});
  return (
    <form action={action} aria-label="Second factor" className="space-y-5">
      <FormError message={state.error} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        id="code"
        name="code"
        type="text"
        label="Authentication code"
        hint="The 6-digit code from your authenticator app. Lost it? Enter one of your recovery codes instead."
        inputMode="text"
        autoComplete="one-time-code"
        spellCheck={false}
        maxLength={32}
        required
        autoFocus
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Verifying…" : "Verify"}
      </Button>
    </form>
  );
}
