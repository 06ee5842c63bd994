"use client";

import { Button } from "@/components/ui/button";
import { useCopyToClipboard } from "@/components/ui/copy-button";
import { formatDateTime } from "@/components/ui/format";

/** The one-time invite link, shown once: it is not stored anywhere it could be shown again. */
export function InviteLink({ url, expiresAt, name }: { url: string; expiresAt: Date | string | null; name: string }) {
  const { state, copy } = useCopyToClipboard(url);

  return (
    <section aria-labelledby="invite-link-title" className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h2 id="invite-link-title" className="font-semibold text-emerald-900">
        Invite link for {name}
      </h2>
      <p className="text-sm text-emerald-900">
        Send this link to them through a trusted channel. It works once, until {formatDateTime(expiresAt)}, and is shown only now.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="invite-url" className="sr-only">
          Invite link
        </label>
        <input
          id="invite-url"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs text-slate-900"
        />
        <Button variant="secondary" onClick={copy}>
          Copy link
        </Button>
      </div>
      <p aria-live="polite" className="text-sm text-emerald-900">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Copying failed: select the link and copy it by hand." : ""}
      </p>
    </section>
  );
}
