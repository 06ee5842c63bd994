// Shown while the queue reads its page and counts: the same blocks as the page, so nothing jumps.
export default function QueueLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading the review queue…</span>
      <div className="space-y-2 border-b border-slate-200 pb-5" aria-hidden="true">
        <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div className="h-10 animate-pulse rounded-lg bg-slate-100" aria-hidden="true" />
      <div className="h-36 animate-pulse rounded-lg bg-slate-100" aria-hidden="true" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
