"use client";

import "./globals.css";

// Replaces the root layout when the layout itself fails, so no providers (and no request id) exist here.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 font-sans text-slate-900">
        <title>Something went wrong · Gatehouse</title>
        <main className="max-w-md space-y-3 rounded-lg border border-red-200 bg-white p-6">
          <h1 className="text-lg font-semibold">Something went wrong</h1>
          <p className="text-sm text-slate-600">Gatehouse could not be shown. Try again; if it keeps failing, send the reference below to the engineering on-call.</p>
          {digest ? <p className="font-mono text-xs text-slate-600">Error ref {digest}</p> : null}
          <button type="button" onClick={() => retry()} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
