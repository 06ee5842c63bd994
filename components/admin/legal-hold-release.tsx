"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { releaseLegalHoldAction } from "@/app/(console)/admin/legal-holds/actions";
import { useStepUp } from "@/components/auth/use-step-up";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** Releases one hold after a confirmation; the next retention run may then purge the photos. */
export function LegalHoldRelease({ holdId, label }: { holdId: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Releasing lets the retention purge delete the photos: a fresh confirmation (step-up) first.
  const stepUp = useStepUp();
  return (
    <span className="inline-flex flex-col items-start gap-1">
      {stepUp.dialog}
      <ConfirmButton
        label="Release"
        confirmLabel="Yes, release"
        question={`Release the hold on ${label}?`}
        busy={busy}
        onConfirm={async () => {
          setBusy(true);
          setError(null);
          try {
            const res = await stepUp.run(() => releaseLegalHoldAction({ holdId }));
            if (res.ok) router.refresh();
            else setError(res.error.message);
          } finally {
            setBusy(false);
          }
        }}
      />
      {error ? (
        <span role="alert" className="text-xs text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
