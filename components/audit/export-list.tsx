import type { ExportView } from "@/lib/exports/view";
import { ExportRow } from "./export-row";

/** The caller's background exports, newest first; each row follows its own progress. */
export function ExportList({ exports }: { exports: ExportView[] }) {
  return (
    <section aria-labelledby="export-list-title" className="space-y-3">
      <h2 id="export-list-title" className="font-semibold text-slate-900">
        Your exports
      </h2>
      {exports.length === 0 ? (
        <p className="text-sm text-slate-600">No exports yet.</p>
      ) : (
        <ul className="space-y-3">
          {exports.map((e) => (
            <ExportRow key={e.id} initial={e} />
          ))}
        </ul>
      )}
    </section>
  );
}
