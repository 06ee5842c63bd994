"use client";

import { useState } from "react";
import { setDocumentSideAction } from "@/app/(console)/inbound/actions";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import { sideText } from "./labels";
import { useInboundAction } from "./use-inbound-action";

const SIDES = ["FRONT", "BACK", "UNKNOWN"] as const;

/** Relabel one document's side (intake guessed it from file names and order). */
export function SideControl({ documentId, side, label }: { documentId: string; side: string; label: string }) {
  const { perform, pending, status } = useInboundAction();
  const [value, setValue] = useState(side);
  const id = `side-${documentId}`;
  return (
    <form
      className="space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        void perform("side", () => setDocumentSideAction({ documentId, side: value }), (r) => (r.changed ? `Now ${sideText[r.side].toLowerCase()}.` : "Unchanged."));
      }}
    >
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Side of {label}
        </label>
        <select
          id={id}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
        >
          {SIDES.map((s) => (
            <option key={s} value={s}>
              {sideText[s]}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" className="px-2.5 py-1" disabled={pending !== null || value === side}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
      <ActionStatus status={status} />
    </form>
  );
}
