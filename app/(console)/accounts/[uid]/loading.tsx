// Shown while the account page reads the account, its devices, risk flags and first login page.
export default function AccountLoading() {
  const block = (h: string) => <div className={`${h} animate-pulse rounded-lg bg-slate-100`} />;
  return (
    <div role="status" aria-live="polite" className="space-y-8">
      <span className="sr-only">Loading the account…</span>
      <div className="space-y-2 border-b border-slate-200 pb-5" aria-hidden="true">
        <div className="h-7 w-64 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div className="grid gap-6 xl:grid-cols-2" aria-hidden="true">
        {block("h-56")}
        {block("h-56")}
      </div>
      <div aria-hidden="true">{block("h-40")}</div>
      <div aria-hidden="true">{block("h-96")}</div>
    </div>
  );
}
