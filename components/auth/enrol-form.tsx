"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { confirmEnrol, type EnrolState } from "@/app/(auth)/sign-in/actions";
import { Button, buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/auth/form-error";

/** TOTP enrolment: confirm the first code, then the recovery codes — shown this once only. */
export function EnrolForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<EnrolState, FormData>(confirmEnrol, {});
  const [saved, setSaved] = useState(false);

  if (state.recoveryCodes) {
    return (
      <section aria-labelledby="recovery-title" className="space-y-4">
        <h2 id="recovery-title" className="text-lg font-semibold text-slate-900">
          Save your recovery codes
        </h2>
        <p className="text-sm text-slate-600">
          Each code signs you in once if you lose your authenticator. They are shown only now: store them in your password manager.
        </p>
        <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md border border-slate-200 bg-slate-50 p-4 font-mono text-sm">
          {state.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
          I have saved these codes
        </label>
        <Link
          href={next ?? "/queue"}
          aria-disabled={!saved}
          onClick={(e) => {
            if (!saved) e.preventDefault();
          }}
          className={buttonClass("primary", `w-full ${saved ? "" : "pointer-events-none opacity-50"}`)}
        >
          Continue to Gatehouse
        </Link>
      </section>
    );
  }

  return (
    <form action={action} aria-label="Confirm authenticator" className="space-y-5">
      <FormError message={state.error} />
      <Field
        id="code"
        name="code"
        type="text"
        label="Authentication code"
        hint="Enter the 6-digit code your app shows now."
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxLength={7}
        required
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Checking…" : "Turn on two-factor sign-in"}
      </Button>
    </form>
  );
}
