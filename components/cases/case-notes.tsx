import { formatDateTime } from "@/components/ui/format";
import type { CaseDetail } from "@/lib/cases/get-case";
import { NoteForm } from "./note-form";

/** Internal notes, oldest first, with the form to add one when the viewer may. */
export function CaseNotes({ caseRef, notes, canNote }: { caseRef: string; notes: CaseDetail["notes"]; canNote: boolean }) {
  return (
    <section aria-labelledby="notes-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="notes-title" className="text-base font-semibold text-slate-900">
        Internal notes
      </h2>
      {notes.length === 0 ? (
        <p className="text-sm text-slate-600">No notes yet.</p>
      ) : (
        <ul className="space-y-3">
          {notes.map((n) => (
            <li key={n.id} className="rounded-md bg-slate-50 px-3 py-2">
              <p className="text-xs text-slate-500">
                <span className="font-medium text-slate-700">{n.author.name}</span> · {formatDateTime(n.createdAt)}
              </p>
              <p className="mt-1 text-sm whitespace-pre-wrap text-slate-900">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {canNote ? <NoteForm caseRef={caseRef} /> : null}
    </section>
  );
}
