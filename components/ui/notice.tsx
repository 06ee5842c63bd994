import type { ReactNode } from "react";

type Tone = "info" | "warning";

const tones: Record<Tone, string> = {
  info: "border-brand-200 bg-brand-50 text-brand-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
};

/** A static callout. Not a live region: it is part of the page, not a reaction to the user. */
export function Notice({ id, title, tone = "info", children }: { id?: string; title: string; tone?: Tone; children: ReactNode }) {
  return (
    <div id={id} className={`rounded-md border px-4 py-3 text-sm ${tones[tone]}`}>
      <p className="font-semibold">{title}</p>
      <div className="mt-1 leading-relaxed opacity-90">{children}</div>
    </div>
  );
}
