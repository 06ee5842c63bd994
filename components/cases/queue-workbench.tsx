"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useTable, type RowSelectionState } from "@tanstack/react-table";
import { ActionStatus } from "@/components/ui/action-status";
import { Button } from "@/components/ui/button";
import type { QueueRow } from "@/lib/cases/queue-types";
import { BulkAssign } from "./bulk-assign";
import { ClaimNextButton, useClaimNext } from "./claim-next";
import { ColumnMenu } from "./column-menu";
import { caseHref } from "./labels";
import { defaultHidden, queueColumns, queueFeatures } from "./queue-columns";
import type { QueueUrlState } from "./queue-state";
import { QueueTable } from "./queue-table";
import { ShortcutHelp } from "./shortcut-help";
import { useHiddenColumns } from "./use-column-prefs";
import { useQueueKeys } from "./use-queue-keys";

/**
 * The interactive part of the queue: toolbar (claim next, columns, shortcuts), the supervisors'
 * bulk bar, the table with its keyboard highlight, and the help dialog. Data comes from the
 * server page; every change goes through a server action and re-renders the page.
 */
export function QueueWorkbench({
  rows,
  state,
  applied,
  renderedAt,
  canClaim,
  staff,
  emptyText,
}: {
  rows: QueueRow[];
  state: QueueUrlState;
  applied: { sort: string; dir: "asc" | "desc" };
  renderedAt: number;
  canClaim: boolean;
  /** Assignable staff; null when the viewer may not assign (no checkboxes, no bulk bar). */
  staff: { id: string; name: string; role: string }[] | null;
  emptyText: string;
}) {
  const router = useRouter();
  const columns = useMemo(() => queueColumns(renderedAt), [renderedAt]);
  const [hidden, setHidden] = useHiddenColumns(defaultHidden);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [highlight, setHighlight] = useState(-1);
  const [help, setHelp] = useState(false);
  const { claim, pending, status } = useClaimNext();

  const columnVisibility = useMemo(() => Object.fromEntries([...hidden.map((id) => [id, false]), ["select", staff !== null]]), [hidden, staff]);
  const table = useTable({
    features: queueFeatures,
    columns,
    data: rows,
    getRowId: (r) => r.ref,
    state: { columnVisibility, rowSelection: selection },
    onRowSelectionChange: setSelection,
    enableRowSelection: staff !== null,
  });
  // Only cases on this page count (a refresh may have removed some).
  const selectedRefs = rows.filter((r) => selection[r.ref]).map((r) => r.ref);

  function move(by: 1 | -1) {
    if (!rows.length) return;
    const next = Math.min(rows.length - 1, Math.max(0, highlight < 0 ? (by === 1 ? 0 : rows.length - 1) : highlight + by));
    setHighlight(next);
    document.querySelector(`tr[data-ref="${rows[next].ref}"]`)?.scrollIntoView({ block: "nearest" });
  }

  useQueueKeys({
    claim: canClaim ? claim : undefined,
    move,
    open: () => {
      const row = rows[highlight];
      if (!row) return false;
      router.push(caseHref(row.ref));
      return true;
    },
    help: () => setHelp(true),
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          {canClaim ? <ClaimNextButton claim={claim} pending={pending} /> : null}
          <p className="hidden text-sm text-slate-600 sm:block">
            Press <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono text-xs">?</kbd> for keyboard shortcuts.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Button variant="secondary" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            Shortcuts
          </Button>
          <ColumnMenu hidden={hidden} onChange={setHidden} />
        </div>
      </div>
      <ActionStatus status={status} />
      {staff ? <BulkAssign refs={selectedRefs} staff={staff} onDone={() => setSelection({})} /> : null}
      <QueueTable table={table} state={state} applied={applied} highlight={highlight} emptyText={emptyText} />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
