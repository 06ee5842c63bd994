"use client";

import { useActionState } from "react";
import { signInWithPassword, type FormState } from "@/app/(auth)/sign-in/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/auth/form-error";

/** Email + password (first factor). The code is asked for on the next page. */
export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInWithPassword, {});
  return (
    <form action={action} aria-label="Staff sign-in" className="space-y-5">
      <FormError message={state.error} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field id="email" name="email" type="email" label="Work email" autoComplete="username" spellCheck={false} required autoFocus />
      <Field id="password" name="password" type="password" label="Password" autoComplete="current-password" required maxLength={1024} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Checking…" : "Continue"}
      </Button>
    </form>
  );
}
