import { formatBytes, verdictText } from "@/components/inbound/labels";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { CaseDetail } from "@/lib/cases/get-case";
import { documentSideText } from "./labels";

/** The case's ID documents as a table of metadata (the images are in the ID viewer above it). */
export function CaseDocuments({ documents }: { documents: CaseDetail["documents"] }) {
  return (
    <section aria-labelledby="documents-title" className="space-y-3">
      <div>
        <h2 id="documents-title" className="text-lg font-semibold text-slate-900">
          Document details
        </h2>
        <p className="text-sm text-slate-500">Every attachment of the case with its vetting verdict; the images are in the ID viewer.</p>
      </div>
      {documents.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">No documents on this case yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Documents of this case, oldest first.</caption>
            <thead className="bg-slate-50">
              <tr>
                {["Side", "Vetting", "Type", "Size", "Pixels", "Received"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 text-left font-semibold whitespace-nowrap text-slate-700">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {documents.map((d) => {
                const v = verdictText[d.verdict] ?? { label: d.verdict, tone: "slate" as const };
                return (
                  <tr key={d.id}>
                    <td className="px-3 py-2 font-medium text-slate-900">{documentSideText[d.side] ?? d.side}</td>
                    <td className="px-3 py-2">
                      <div className="space-y-1">
                        <Badge tone={v.tone}>{v.label}</Badge>
                        {d.purged ? <Badge tone="slate">Purged</Badge> : null}
                        {d.verdictReason ? <div className="max-w-64 text-xs text-slate-600">{d.verdictReason}</div> : null}
                      </div>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs text-slate-700">{d.sniffedType ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatBytes(d.sizeBytes)}</td>
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums">{d.width && d.height ? `${d.width} × ${d.height}` : "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(d.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
