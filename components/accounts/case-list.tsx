import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { AccountCaseRow } from "@/lib/accounts/get-account";
import { caseStatusText } from "./labels";

/** The account's review cases, newest first. */
export function CaseList({ cases, truncated }: { cases: AccountCaseRow[]; truncated: boolean }) {
  return (
    <section aria-labelledby="cases-title" className="space-y-3">
      <h2 id="cases-title" className="text-lg font-semibold text-slate-900">
        Cases
      </h2>
      {cases.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">No review cases for this account.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Review cases of this account, newest first.</caption>
            <thead className="bg-slate-50">
              <tr>
                {["Case", "Status", "Priority", "Risk flags", "Opened", "Decided"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 text-left font-semibold whitespace-nowrap text-slate-700">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cases.map((c) => {
                const s = caseStatusText[c.status] ?? { label: c.status, tone: "slate" as const };
                return (
                  <tr key={c.id}>
                    <td className="px-3 py-2 font-mono font-medium text-slate-900">{c.ref}</td>
                    <td className="px-3 py-2">
                      <Badge tone={s.tone}>{s.label}</Badge>
                    </td>
                    <td className="px-3 py-2 text-slate-700">{c.priority.toLowerCase()}</td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap gap-1">
                        {c.riskFlags.length ? c.riskFlags.map((f) => <Badge key={f} tone="amber">{f.replaceAll("_", " ").toLowerCase()}</Badge>) : <span className="text-slate-500">—</span>}
                      </span>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(c.createdAt)}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(c.decidedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {truncated ? <p className="text-xs text-slate-500">Showing the newest {cases.length} cases.</p> : null}
    </section>
  );
}
