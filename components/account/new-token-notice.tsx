"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDateTime, roleLabel } from "@/components/ui/format";
import type { CreatedApiToken } from "@/lib/auth/api-tokens";

/** The new token, shown this once: only its hash is stored, so it cannot be shown again. */
export function NewTokenNotice({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  return (
    <section aria-labelledby="new-token-title" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h3 id="new-token-title" className="font-semibold text-amber-900">
        Copy your new token now
      </h3>
      <p id="new-token-warning" className="text-sm text-amber-900">
        “{token.name}” acts as you with role {roleLabel[token.role] ?? token.role} until {formatDateTime(token.expiresAt)}. It is shown only now: store it
        in a password manager or secret store, never in code or chat. Anyone holding it can act as you.
      </p>
      <label htmlFor="new-token-value" className="sr-only">
        New API token
      </label>
      <input
        id="new-token-value"
        readOnly
        value={token.token}
        onFocus={(e) => e.currentTarget.select()}
        spellCheck={false}
        autoComplete="off"
        className="block w-full rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-xs text-slate-900"
      />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <CopyButton text={token.token} label="Copy token" describedBy="new-token-warning" />
        <Button onClick={onDone}>I have stored it</Button>
      </div>
    </section>
  );
}
