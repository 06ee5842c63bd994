"use client";

import { useState } from "react";
import { addNoteAction } from "@/app/(console)/cases/[ref]/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { useCaseAction } from "./use-case-action";

const MAX = 5000;

/** Adds an internal note (never shown to the customer); the page re-renders with it. */
export function NoteForm({ caseRef }: { caseRef: string }) {
  const [body, setBody] = useState("");
  const { perform, pending, status } = useCaseAction();
  return (
    <form
      aria-label="Add an internal note"
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!body.trim()) return;
        const ok = await perform(() => addNoteAction({ ref: caseRef, body }), () => "Note added.");
        if (ok) setBody("");
      }}
    >
      <label htmlFor="note-body" className="block text-sm font-medium text-slate-800">
        Internal note
      </label>
      <textarea
        id="note-body"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={MAX}
        rows={3}
        aria-describedby="note-hint"
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
      />
      <div className="flex items-center justify-between gap-3">
        <p id="note-hint" className="text-xs text-slate-500">
          Seen by staff only. {body.length}/{MAX}
        </p>
        <Button type="submit" disabled={pending || !body.trim()}>
          {pending ? "Adding…" : "Add note"}
        </Button>
      </div>
      <ActionStatus status={status} />
    </form>
  );
}
