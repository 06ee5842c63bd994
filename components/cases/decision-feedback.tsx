"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { DecisionFeedback } from "./use-decision-action";

/**
 * The outcome of the last decision: a status line on success, an alert on failure, and for a 409
 * the stale-tab alert with a Reload button (re-reads the case from the server, then clears).
 * The live region is always rendered so nothing moves when a message appears in it.
 */
export function DecisionFeedbackView({ feedback, onReloaded }: { feedback: DecisionFeedback; onReloaded: () => void }) {
  const router = useRouter();
  const [reloading, startReload] = useTransition();
  return (
    <div aria-live="polite">
      {feedback?.tone === "conflict" ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <div className="min-w-0">
            <p className="font-semibold">This case changed since you opened it — reload</p>
            <p className="mt-0.5 opacity-90">{feedback.text} Nothing was saved.</p>
          </div>
          <Button
            variant="secondary"
            disabled={reloading}
            className="min-w-24"
            onClick={() =>
              startReload(() => {
                router.refresh();
                onReloaded();
              })
            }
          >
            {reloading ? "Reloading…" : "Reload"}
          </Button>
        </div>
      ) : feedback ? (
        <p
          role={feedback.tone === "error" ? "alert" : "status"}
          className={`rounded-md border px-4 py-3 text-sm ${feedback.tone === "error" ? "border-red-300 bg-red-50 text-red-900" : "border-emerald-300 bg-emerald-50 text-emerald-900"}`}
        >
          {feedback.text}
        </p>
      ) : null}
    </div>
  );
}
