"use client";

import { redeliverWebhookAction } from "@/app/(console)/admin/webhooks/actions";
import { Button } from "@/components/ui/button";
import { useWebhookAction } from "./use-webhook-action";

/** Queues one more attempt of a delivery; the outcome shows under the button. */
export function RedeliverButton({ deliveryId }: { deliveryId: string }) {
  const { perform, pending, status } = useWebhookAction();
  return (
    <div className="space-y-1">
      <Button variant="secondary" className="px-2.5 py-1 text-xs" disabled={pending !== null} onClick={() => perform("redeliver", () => redeliverWebhookAction({ deliveryId }), () => "Queued.")}>
        {pending ? "Queuing…" : "Redeliver"}
      </Button>
      <p aria-live="polite" className={`max-w-40 text-xs ${status?.tone === "error" ? "text-red-800" : "text-emerald-800"}`}>
        {status?.text ?? ""}
      </p>
    </div>
  );
}
