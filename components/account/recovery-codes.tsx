"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { regenerateRecoveryCodesAction } from "@/app/(console)/account/actions";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";

/** New recovery codes for a current TOTP code; shown once, and the old ones stop working. */
export function RecoveryCodes() {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setBusy(true);
    setError(undefined);
    const res = await regenerateRecoveryCodesAction(code);
    setBusy(false);
    if (res.ok) return setCodes(res.data.recoveryCodes);
    // Too many wrong codes locks the account and ends every session.
    if (res.error.details?.locked) return router.replace("/sign-in?ended=locked");
    setError(res.error.message);
  }

  return (
    <section aria-labelledby="recovery-title" className="space-y-4">
      <div>
        <h2 id="recovery-title" className="text-base font-semibold text-slate-900">
          Recovery codes
        </h2>
        <p className="text-sm text-slate-600">
          Each code signs you in once if you lose your authenticator. New codes replace all the old ones, used or not.
        </p>
      </div>
      {codes ? (
        <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p id="recovery-warning" className="text-sm font-medium text-amber-900">
            Your old codes no longer work. Store these somewhere safe now (a password manager or a printed copy): they are shown only once.
          </p>
          <ul aria-label="New recovery codes" className="grid grid-cols-2 gap-2 font-mono text-sm text-slate-900 sm:grid-cols-5">
            {codes.map((c) => (
              <li key={c} className="rounded border border-amber-200 bg-white px-2 py-1 text-center">
                {c}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <CopyButton text={codes.join("\n")} label="Copy codes" describedBy="recovery-warning" />
            <Button onClick={() => setCodes(null)}>I have stored them</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} aria-label="Regenerate recovery codes" className="max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-5">
          <FormError message={error} />
          <Field
            id="recovery-totp"
            name="code"
            label="Current authenticator code"
            hint="The 6-digit code from your authenticator app."
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
          />
          <Button type="submit" disabled={busy}>
            {busy ? "Generating…" : "Generate new codes"}
          </Button>
        </form>
      )}
    </section>
  );
}
