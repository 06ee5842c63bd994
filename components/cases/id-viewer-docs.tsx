import type { CaseDetail } from "@/lib/cases/get-case";
import { documentSideText } from "./labels";
import type { ViewerDocument } from "./id-viewer-pane";

// Which documents the viewer shows, in what order, under what names. Pure, for the viewer.

type CaseDocument = CaseDetail["documents"][number];

const SIDE_ORDER: Record<string, number> = { FRONT: 0, BACK: 1, UNKNOWN: 2 };

function unavailable(d: CaseDocument): string | null {
  if (d.purged) return "Deleted under the retention policy.";
  if (d.verdict === "ACCEPTED") return d.viewable ? null : "No image is stored for this document.";
  if (d.verdict === "PENDING") return "Still being vetted.";
  if (d.verdict === "PREVIEW_UNAVAILABLE") return "No preview: the format could not be converted safely.";
  return d.verdictReason ? `Refused by vetting: ${d.verdictReason}` : "Refused by vetting.";
}

export interface OrderedDocument extends ViewerDocument {
  side: string;
}

/**
 * Viewable documents first, then fronts, backs, unknown sides; within a side the newest first
 * (a resubmission replaces what came before). Repeated sides are labelled "(earlier)".
 */
export function orderDocuments(documents: CaseDetail["documents"]): OrderedDocument[] {
  const sorted = [...documents].sort(
    (a, b) =>
      Number(!!unavailable(a)) - Number(!!unavailable(b)) ||
      (SIDE_ORDER[a.side] ?? 3) - (SIDE_ORDER[b.side] ?? 3) ||
      b.createdAt.localeCompare(a.createdAt) ||
      a.id.localeCompare(b.id),
  );
  const seen = new Map<string, number>();
  const total = new Map<string, number>();
  for (const d of sorted) total.set(d.side, (total.get(d.side) ?? 0) + 1);
  return sorted.map((d) => {
    const n = seen.get(d.side) ?? 0;
    seen.set(d.side, n + 1);
    const base = documentSideText[d.side] ?? d.side;
    const label = n === 0 ? base : total.get(d.side) === 2 ? `${base} (earlier)` : `${base} (earlier ${n})`;
    return { id: d.id, side: d.side, label, unavailable: unavailable(d) };
  });
}

/** The pair shown side by side at first: the newest viewable front and back, else the first two. */
export function initialSlots(docs: OrderedDocument[]): [string | null, string | null] {
  const viewable = docs.filter((d) => !d.unavailable);
  const pool = viewable.length ? viewable : docs;
  const left = pool.find((d) => d.side === "FRONT") ?? pool[0];
  const right = pool.find((d) => d.side === "BACK" && d !== left) ?? pool.find((d) => d !== left) ?? docs.find((d) => d !== left);
  return [left?.id ?? null, right?.id ?? null];
}
