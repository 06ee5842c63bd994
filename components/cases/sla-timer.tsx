"use client";

import { useSyncExternalStore } from "react";

// A visible SLA countdown. One shared one-second clock for every timer on the page. During server
// rendering and hydration it shows the time as of the server's render (`renderedAt`), so the
// first paint matches and nothing shifts; afterwards it ticks.

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function span(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m ${String(s % 60).padStart(2, "0")}s`;
}

/** "3h 12m left", or "Breached 5m 02s ago" once the due time has passed (or the scheduler marked it). */
export function SlaTimer({ dueAt, breachedAt, renderedAt, decided, wrap }: { dueAt: string; breachedAt: string | null; renderedAt: number; decided?: boolean; wrap?: boolean }) {
  const current = useSyncExternalStore(subscribe, () => now, () => renderedAt);
  if (decided) return <span className="text-slate-500">—</span>;
  const left = new Date(dueAt).getTime() - current;
  const breached = left <= 0 || !!breachedAt;
  const soon = !breached && left < 60 * 60 * 1000;
  const text = breached ? `Breached ${span(Math.min(left, 0))} ago` : `${span(left)} left`;
  return (
    <time
      dateTime={dueAt}
      title={`Due ${new Date(dueAt).toISOString().replace("T", " ").slice(0, 16)} UTC`}
      className={`inline-block font-medium tabular-nums ${wrap ? "" : "min-w-[8.5rem] whitespace-nowrap"} ${breached ? "text-red-700" : soon ? "text-amber-800" : "text-slate-700"}`}
    >
      {breached ? (
        <span className="mr-1 inline-block size-2 rounded-full bg-red-600 align-middle" aria-hidden="true" />
      ) : null}
      {text}
    </time>
  );
}
