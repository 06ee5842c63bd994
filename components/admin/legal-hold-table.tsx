import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { LegalHoldView } from "@/lib/retention/holds";
import { LegalHoldRelease } from "./legal-hold-release";

/** Legal holds, active first; the release button only for those who may release (the server checks again). */
export function LegalHoldTable({ holds, canRelease }: { holds: LegalHoldView[]; canRelease: boolean }) {
  if (!holds.length) return <p className="text-sm text-slate-600">No legal holds: the retention purge applies to every decided case.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Legal holds</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            {["Status", "On", "Reason", "Placed", "Released", ""].map((h, i) => (
              <th key={i} scope="col" className="px-3 py-2 font-semibold whitespace-nowrap">
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {holds.map((h) => {
            const label = h.caseRef ? `case ${h.caseRef}` : `account ${h.accountUid}`;
            return (
              <tr key={h.id} className="align-top">
                <td className="px-3 py-2">
                  <Badge tone={h.active ? "amber" : "slate"}>{h.active ? "Active" : "Released"}</Badge>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {h.caseRef ? (
                    <Link href={`/cases/${h.caseRef}`} className="font-medium text-brand-700 underline">
                      {h.caseRef}
                    </Link>
                  ) : (
                    <Link href={`/accounts/${h.accountUid}`} className="font-medium text-brand-700 underline">
                      Account {h.accountUid}
                    </Link>
                  )}
                </td>
                <td className="max-w-md px-3 py-2 break-words text-slate-800">{h.reason}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                  {formatDateTime(h.createdAt)}
                  <br />
                  by {h.placedBy.name}
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600">{h.releasedAt ? formatDateTime(h.releasedAt) : "—"}</td>
                <td className="px-3 py-2">{canRelease && h.active ? <LegalHoldRelease holdId={h.id} label={label} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
