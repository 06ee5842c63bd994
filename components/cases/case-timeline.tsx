import { formatDateTime } from "@/components/ui/format";
import type { CaseDetail } from "@/lib/cases/get-case";
import { eventText } from "./labels";

const noteIdOf = (data: unknown): string | null =>
  data && typeof data === "object" && "noteId" in data && typeof data.noteId === "string" ? data.noteId : null;
/** A claim made by auto-assignment: its actor is the member who was given the case, not one who claimed it. */
const isAutoClaim = (e: CaseDetail["timeline"][number]): boolean =>
  e.type === "CLAIMED" && !!e.data && typeof e.data === "object" && "via" in e.data && e.data.via === "auto";

/** The case timeline, oldest first; note events quote their note. */
export function CaseTimeline({ timeline, notes }: { timeline: CaseDetail["timeline"]; notes: CaseDetail["notes"] }) {
  const noteBody = new Map(notes.map((n) => [n.id, n.body]));
  return (
    <section aria-labelledby="timeline-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="timeline-title" className="text-base font-semibold text-slate-900">
        Timeline
      </h2>
      {timeline.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing has happened on this case yet.</p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-4">
          {timeline.map((e) => {
            const noteId = e.type === "NOTE_ADDED" ? noteIdOf(e.data) : null;
            const body = noteId ? noteBody.get(noteId) : undefined;
            return (
              <li key={e.id} className="relative">
                <span className="absolute top-1.5 -left-[21px] size-2.5 rounded-full border-2 border-white bg-brand-500" aria-hidden="true" />
                <p className="text-sm font-medium text-slate-900">
                  {isAutoClaim(e) ? "Auto-assigned" : (eventText[e.type] ?? e.type)}
                  {e.actor ? <span className="font-normal text-slate-600"> {isAutoClaim(e) ? "to" : "by"} {e.actor.name}</span> : null}
                </p>
                <p className="text-xs text-slate-500">{formatDateTime(e.createdAt)}</p>
                {body ? <p className="mt-1 line-clamp-3 text-sm whitespace-pre-wrap text-slate-700">“{body}”</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
