"use client";

import { Button } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";
import { useRequestId } from "./request-id";

/** The digest Next attaches to server errors; it matches the server log line. Never the message. */
function digestOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}

/**
 * What an agent sees when a page fails: a generic message, the ids that find the server log,
 * and a retry. The thrown error's message is deliberately never rendered.
 */
export function ErrorPanel({ error, retry }: { error: unknown; retry: () => void }) {
  const requestId = useRequestId();
  const digest = digestOf(error);
  return (
    <section aria-labelledby="error-title" className="rounded-lg border border-red-200 bg-white p-6 shadow-xs">
      <div className="flex items-start gap-4">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-full bg-red-50 text-red-700">
          <AlertIcon className="size-5" />
        </div>
        <div className="min-w-0 space-y-3">
          <h1 id="error-title" className="text-lg font-semibold text-slate-900">
            Something went wrong
          </h1>
          <p className="text-sm text-slate-600">
            This page could not be shown. Try again; if it keeps failing, send the
            reference below to the engineering on-call.
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700">
            {requestId ? (
              <>
                <dt className="text-slate-500">Request ID</dt>
                <dd className="break-all" data-testid="error-request-id">{requestId}</dd>
              </>
            ) : null}
            {digest ? (
              <>
                <dt className="text-slate-500">Error ref</dt>
                <dd className="break-all">{digest}</dd>
              </>
            ) : null}
            {!requestId && !digest ? <dd className="col-span-2">No reference available</dd> : null}
          </dl>
          <Button onClick={() => retry()}>Try again</Button>
        </div>
      </div>
    </section>
  );
}
