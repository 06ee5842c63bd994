import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { VerifyReport } from "@/lib/audit/run-verify";

const KIND_TEXT: Record<string, string> = {
  GAP: "Deleted entry (gap in the sequence)",
  HASH_MISMATCH: "Edited entry (hash no longer matches)",
  PREV_MISMATCH: "Reordered or inserted entry (does not link to the one before)",
  ENTRY_MISMATCH: "Entry differs from its anchor (chain rewritten)",
  ENTRY_MISSING: "Anchored entry no longer exists",
  OBJECT_MISSING: "Anchor object missing from storage",
  OBJECT_MISMATCH: "Anchor object does not match",
  ROW_MISSING: "Anchor record deleted",
};

/** One verification's outcome: ok, or the first broken link and every anchor problem. */
export function VerifyResult({ report }: { report: VerifyReport }) {
  const b = report.firstBreak;
  const range = `${report.firstSeq ?? "–"} to ${report.lastSeq ?? "–"}`;
  return (
    <section aria-labelledby="verify-result-title" className={`space-y-4 rounded-lg border p-4 ${report.ok ? "border-emerald-300 bg-emerald-50" : "border-red-300 bg-red-50"}`}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="verify-result-title" className="text-lg font-semibold text-slate-900">
          {report.ok ? "The chain is intact" : "The chain is broken"}
        </h2>
        <Badge tone={report.ok ? "emerald" : "red"}>{report.ok ? "OK" : "BROKEN"}</Badge>
      </div>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700">Entries verified</dt>
        <dd>
          {report.checked.toLocaleString("en")} ({range})
        </dd>
        <dt className="font-medium text-slate-700">Anchors checked</dt>
        <dd>{report.anchors.checked}</dd>
        <dt className="font-medium text-slate-700">Head hash</dt>
        <dd className="font-mono text-xs break-all">{report.headHash ?? "–"}</dd>
        <dt className="font-medium text-slate-700">Took</dt>
        <dd>{(report.durationMs / 1000).toFixed(1)} s</dd>
      </dl>
      {b ? (
        <div className="rounded-md border border-red-300 bg-white p-3 text-sm">
          <p className="font-semibold text-red-900">
            First broken link: entry {b.seq} — {KIND_TEXT[b.kind] ?? b.kind}
          </p>
          <p className="mt-1 text-slate-700">{b.message}</p>
          {b.entry ? (
            <p className="mt-1 text-slate-600">
              {b.kind === "GAP" ? "Next entry present" : "Entry"}: #{b.entry.seq} <span className="font-mono">{b.entry.action}</span> at {formatDateTime(b.entry.occurredAt)}
            </p>
          ) : null}
        </div>
      ) : null}
      {report.anchors.problems.length ? (
        <ul className="space-y-2 text-sm" aria-label="Anchor problems">
          {report.anchors.problems.map((p) => (
            <li key={`${p.kind}-${p.seq}`} className="rounded-md border border-red-300 bg-white p-3">
              <p className="font-semibold text-red-900">
                Anchor at entry {p.seq} — {KIND_TEXT[p.kind] ?? p.kind}
              </p>
              <p className="mt-1 text-slate-700">{p.message}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
