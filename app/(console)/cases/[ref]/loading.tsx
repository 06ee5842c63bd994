// Shown while the case page reads the case, its account, documents, notes and timeline.
export default function CaseLoading() {
  const block = (h: string) => <div className={`${h} animate-pulse rounded-lg bg-slate-100`} />;
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading the case…</span>
      <div className="space-y-2 border-b border-slate-200 pb-5" aria-hidden="true">
        <div className="h-7 w-56 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div aria-hidden="true">{block("h-24")}</div>
      <div className="grid gap-6 xl:grid-cols-2" aria-hidden="true">
        {block("h-56")}
        {block("h-56")}
      </div>
      <div aria-hidden="true">{block("h-40")}</div>
      <div className="grid gap-6 xl:grid-cols-2" aria-hidden="true">
        {block("h-64")}
        {block("h-64")}
      </div>
    </div>
  );
}
