"use client";

import { Button } from "@/components/ui/button";
import { useCopyToClipboard } from "@/components/ui/copy-button";

/** A new signing secret, shown once: only its owner's receiver should ever hold it. */
export function SecretNotice({ secret, name, onDone }: { secret: string; name: string; onDone: () => void }) {
  const { state, copy } = useCopyToClipboard(secret);
  return (
    <section aria-labelledby="secret-title" className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h3 id="secret-title" className="font-semibold text-emerald-900">
        Signing secret for {name}
      </h3>
      <p className="text-sm text-emerald-900">
        Configure the receiver with it to verify the <code>webhook-signature</code> header (Standard Webhooks). It is shown only now; rotate it to get a new one.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="webhook-secret" className="sr-only">
          Signing secret
        </label>
        <input
          id="webhook-secret"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs text-slate-900"
        />
        <Button variant="secondary" onClick={copy}>
          Copy secret
        </Button>
      </div>
      <p aria-live="polite" className="text-sm text-emerald-900">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Copying failed: select the secret and copy it by hand." : ""}
      </p>
      <Button variant="secondary" onClick={onDone}>
        I have stored it
      </Button>
    </section>
  );
}
