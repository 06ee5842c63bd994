import type { ReactNode } from "react";

/**
 * An honest empty state: says what is missing and why, and what will be here.
 * `icon` is decorative (hidden from assistive technology).
 */
export function EmptyState({
  icon,
  title,
  children,
  upcoming,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  upcoming?: string[];
}) {
  return (
    <section aria-labelledby="empty-state-title" className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-500" aria-hidden="true">
        {icon}
      </div>
      <h2 id="empty-state-title" className="mt-4 text-base font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mx-auto mt-2 max-w-md text-sm leading-relaxed text-slate-600">{children}</div>
      {upcoming?.length ? (
        <div className="mx-auto mt-6 max-w-md text-left">
          <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">What this page will hold</p>
          <ul className="mt-2 space-y-1.5 text-sm text-slate-700">
            {upcoming.map((item) => (
              <li key={item} className="flex gap-2">
                <span className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-400" aria-hidden="true" />
                <span>{item}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
