import Link from "next/link";

export const DAY_CHOICES = [7, 14, 30] as const;

/** The period picker: links that keep the choice in the URL (?days=), so a view can be shared and reloaded. */
export function DaysSelect({ days }: { days: number }) {
  return (
    <nav aria-label="Period" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm shadow-xs">
      {DAY_CHOICES.map((n) => {
        const current = n === days;
        return (
          <Link
            key={n}
            href={`/?days=${n}`}
            aria-current={current ? "page" : undefined}
            className={`rounded px-3 py-1.5 font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
              current ? "bg-brand-700 text-white" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            {n} days
          </Link>
        );
      })}
    </nav>
  );
}
