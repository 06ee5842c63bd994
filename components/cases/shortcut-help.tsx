"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";

export const SHORTCUTS: [string, string][] = [
  ["c", "Claim the next case and open it"],
  ["j", "Highlight the next row"],
  ["k", "Highlight the previous row"],
  ["Enter", "Open the highlighted case"],
  ["?", "Show this help"],
];

/** The keyboard help, a modal <dialog> (focus trapped, Escape closes, focus returns afterwards). */
export function ShortcutHelp({
  open,
  onClose,
  shortcuts = SHORTCUTS,
  where = "the queue",
}: {
  open: boolean;
  onClose: () => void;
  shortcuts?: [string, string][];
  /** Where they work, for the intro line. */
  where?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcut-help-title"
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="shortcut-help-title" className="text-lg font-semibold text-slate-900">
        Keyboard shortcuts
      </h2>
      <p className="mt-1 text-sm text-slate-600">They work anywhere on {where} except while typing in a field.</p>
      <dl className="mt-4 space-y-2 text-sm">
        {shortcuts.map(([key, what]) => (
          <div key={key} className="flex items-center gap-3">
            <dt className="w-16">
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800">{key}</kbd>
            </dt>
            <dd className="text-slate-700">{what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </dialog>
  );
}
