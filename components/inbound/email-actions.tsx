"use client";

import { useState } from "react";
import { askForJpegAction, linkInboundEmailAction, retryInboundEmailAction } from "@/app/(console)/inbound/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import type { InboundCapabilities } from "@/lib/intake/staff/capabilities";
import { useInboundAction } from "./use-inbound-action";

const suppressedText: Record<string, string> = {
  own_address: "the sender is one of our own addresses",
  no_address: "the sender's address cannot receive email",
  auto_submitted: "the email was sent automatically",
  bulk_or_list: "the email came from a mailing list",
  daily_limit: "the daily limit of replies to this address is reached",
};

/**
 * The staff actions on one inbound email, each shown only to roles that hold its permission and
 * only when the email's state allows it (the server checks both again).
 */
export function EmailActions({ id, can }: { id: string; can: Pick<InboundCapabilities, "retry" | "link" | "askForJpeg"> }) {
  const { perform, pending, status } = useInboundAction();
  const [accountUid, setAccountUid] = useState("");
  const showRetry = can.retry.permitted && can.retry.offered;
  const showLink = can.link.permitted && can.link.offered;
  // Offered whenever an attachment lacks a preview; disabled, with the reason, when something else stands in the way.
  const showAsk = can.askForJpeg.permitted && can.askForJpeg.offered;
  // Keep the outcome on screen after the refresh that removes the control which produced it.
  if (!showRetry && !showLink && !showAsk && !status) return null;

  return (
    <section aria-labelledby="actions-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="actions-title" className="text-base font-semibold text-slate-900">
        Actions
      </h2>
      <ActionStatus status={status} />
      {showRetry ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-600">Run intake again for this email. Safe to repeat: nothing is created twice.</p>
          <ConfirmButton
            label="Retry processing"
            confirmLabel="Yes, retry"
            question="Queue this email for processing again?"
            busy={pending === "retry"}
            onConfirm={() => perform("retry", () => retryInboundEmailAction({ id }), () => "Queued again. The status updates when the intake worker has run.")}
          />
        </div>
      ) : null}
      {showLink ? (
        <form
          className="flex flex-col gap-3 border-t border-slate-100 pt-4 first:border-0 first:pt-0 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            void perform("link", () => linkInboundEmailAction({ id, accountUid }), (r) => `Linked to account ${r.accountUid}; intake runs again with it.`).then((ok) => ok && setAccountUid(""));
          }}
        >
          <div className="w-full max-w-xs">
            <Field
              id="link-account-uid"
              label="Link to account"
              hint="The customer's user id. Check that the sender is the account holder first."
              value={accountUid}
              onChange={(e) => setAccountUid(e.target.value)}
              required
              maxLength={128}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <Button type="submit" variant="secondary" disabled={pending !== null || !accountUid.trim()}>
            {pending === "link" ? "Linking…" : "Link"}
          </Button>
        </form>
      ) : null}
      {showAsk ? (
        <div className="space-y-2 border-t border-slate-100 pt-4 first:border-0 first:pt-0">
          <p className="text-sm text-slate-600">
            {can.askForJpeg.blocked ?? "An attachment cannot be previewed here. Ask the customer to send it again as a JPEG photo."}
          </p>
          <Button
            variant="secondary"
            disabled={pending !== null || can.askForJpeg.blocked !== null}
            onClick={() =>
              perform("ask", () => askForJpegAction({ id }), (r) => (r.queued ? "The request for a JPEG is queued to the sender." : `Not sent: ${suppressedText[r.suppressed] ?? r.suppressed}.`))
            }
          >
            {pending === "ask" ? "Queuing…" : "Ask for JPEG"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
