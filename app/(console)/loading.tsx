// Shown inside the shell while a console page renders on the server.
export default function ConsoleLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading…</span>
      <div className="space-y-2 border-b border-slate-200 pb-5" aria-hidden="true">
        <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div className="h-64 animate-pulse rounded-lg bg-slate-100" aria-hidden="true" />
    </div>
  );
}
