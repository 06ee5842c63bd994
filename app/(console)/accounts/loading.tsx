// Shown while an account search runs.
export default function AccountsLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Searching…</span>
      <div className="space-y-2 border-b border-slate-200 pb-5" aria-hidden="true">
        <div className="h-7 w-40 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div className="h-16 w-full max-w-xl animate-pulse rounded bg-slate-100" aria-hidden="true" />
      <div className="h-48 animate-pulse rounded-lg bg-slate-100" aria-hidden="true" />
    </div>
  );
}
