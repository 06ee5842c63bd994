import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { LoginEvidence, RiskAssessment, RiskFlagView } from "@/lib/accounts/risk-flags";
import { failureText, methodText, outcomeText } from "./labels";

const flagText: Record<RiskFlagView["flag"], { title: string; explain: (f: RiskFlagView) => string }> = {
  IP_MISMATCH: {
    title: "Web and app IP differ",
    explain: (f) => `${f.count} login(s) where the web session and the app reported different IP addresses. Code entry and face check must come from the same network.`,
  },
  NEW_COUNTRY: {
    title: "New country",
    explain: (f) => `First logins from ${f.subjects.join(", ")} — never seen on this account before (${f.count} login(s)).`,
  },
  NEW_NETWORK: {
    title: "New network",
    explain: (f) => `First logins from ${f.subjects.join(", ")} — never seen on this account before (${f.count} login(s)).`,
  },
  MANY_FAILURES: {
    title: "Many failures",
    explain: (f) => `${f.count} failed logins within 24 hours.`,
  },
};

function Evidence({ rows }: { rows: LoginEvidence[] }) {
  return (
    <table className="mt-2 min-w-full text-xs">
      <thead>
        <tr className="text-left text-slate-500">
          <th scope="col" className="py-1 pr-3 font-medium">Login</th>
          <th scope="col" className="py-1 pr-3 font-medium">Time</th>
          <th scope="col" className="py-1 pr-3 font-medium">Address</th>
          <th scope="col" className="py-1 pr-3 font-medium">Network</th>
          <th scope="col" className="py-1 font-medium">Result</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.loginId} className="border-t border-slate-100 align-top">
            <td className="py-1 pr-3 font-mono">#{e.loginId}</td>
            <td className="py-1 pr-3 whitespace-nowrap">{formatDateTime(e.occurredAt)}</td>
            <td className="py-1 pr-3 font-mono">
              {e.ip ?? "—"}
              {e.webIp && e.webIp !== e.ip ? <div className="text-red-800">web {e.webIp}</div> : null}
            </td>
            <td className="py-1 pr-3">
              {e.network ?? "—"}
              {e.asn !== null ? ` (AS${e.asn})` : ""} {e.country ? <span className="text-slate-500">{e.country}</span> : null}
            </td>
            <td className="py-1">
              {methodText[e.method] ?? e.method}: {outcomeText[e.outcome]?.label ?? e.outcome}
              {e.failureReason ? ` (${failureText[e.failureReason] ?? e.failureReason})` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Login-derived risk flags, each with the logins that raised it (expand to see them). */
export function RiskFlags({ risk, windowDays }: { risk: RiskAssessment; windowDays: number }) {
  return (
    <section aria-labelledby="risk-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="risk-title" className="text-base font-semibold text-slate-900">
        Risk flags
      </h2>
      <p className="mt-1 text-xs text-slate-500">From this account&apos;s logins in the last {windowDays} days, compared with its whole history.</p>
      {risk.flags.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No risk flags: same networks and countries as before, matching web and app addresses, no burst of failures.</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {risk.flags.map((f) => {
            const text = flagText[f.flag];
            return (
              <li key={f.flag} className="rounded-md border border-amber-200 bg-amber-50/60 px-4 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={f.flag === "MANY_FAILURES" || f.flag === "IP_MISMATCH" ? "red" : "amber"}>{text.title}</Badge>
                  <span className="text-sm text-slate-800">{text.explain(f)}</span>
                </div>
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs font-medium text-brand-700">
                    Evidence: {f.evidence.length === f.count ? `${f.count} login(s)` : `newest ${f.evidence.length} of ${f.count} logins`}
                  </summary>
                  <div className="overflow-x-auto">
                    <Evidence rows={f.evidence} />
                  </div>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
