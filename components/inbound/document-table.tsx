import type { Capability } from "@/lib/intake/staff/capabilities";
import type { InboundDocument } from "@/lib/intake/staff/get-inbound-email";
import { VerdictBadge } from "./badges";
import { formatBytes, sideText } from "./labels";
import { SideControl } from "./side-control";

/** Every attachment with its vetting verdict and why; images are never shown on this page. */
export function DocumentTable({ documents, relabel }: { documents: InboundDocument[]; relabel: Record<string, Capability> }) {
  return (
    <section aria-labelledby="documents-title" className="space-y-3">
      <h2 id="documents-title" className="text-base font-semibold text-slate-900">
        Attachments ({documents.length})
      </h2>
      {documents.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">This email had no attachments.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Attachments and their vetting verdicts</caption>
            <thead className="bg-slate-50">
              <tr>
                {["File", "Type", "Size", "Verdict", "Side"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 text-left font-semibold text-slate-700">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {documents.map((d, i) => {
                const name = d.fileName ?? `Attachment ${i + 1}`;
                const can = relabel[d.id];
                return (
                  <tr key={d.id} className="align-top">
                    <td className="max-w-64 px-3 py-2 break-words text-slate-900">
                      {name}
                      {d.purged ? <div className="text-xs text-slate-500">Image removed by retention</div> : null}
                    </td>
                    <td className="px-3 py-2 text-slate-700">
                      <div>{d.sniffedType ?? "unknown"}</div>
                      {d.declaredType && d.declaredType !== d.sniffedType ? <div className="text-xs text-slate-500">declared {d.declaredType}</div> : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                      <div>{formatBytes(d.sizeBytes)}</div>
                      {d.width && d.height ? <div className="text-xs text-slate-500">{d.width}×{d.height}</div> : null}
                    </td>
                    <td className="max-w-72 px-3 py-2">
                      <VerdictBadge verdict={d.verdict} />
                      {d.verdictReason ? <p className="mt-1 text-xs break-words text-slate-600">{d.verdictReason}</p> : null}
                    </td>
                    <td className="px-3 py-2">
                      {can?.permitted && can.offered && !can.blocked ? (
                        <SideControl documentId={d.id} side={d.side} label={name} />
                      ) : (
                        <span className="text-slate-700" title={can?.blocked ?? undefined}>
                          {d.verdict === "REJECTED" ? "—" : sideText[d.side]}
                        </span>
                      )}
                    </td>
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
