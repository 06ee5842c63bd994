import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { SignInEvent } from "@/lib/staff/get-staff";

const label: Record<SignInEvent["action"], string> = {
  "auth.signed_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.locked_out": "Locked out",
};

const reasonText: Record<string, string> = {
  wrong_password: "wrong password",
  wrong_code: "wrong code",
  no_password: "no password set",
  locked: "account locked",
  disabled: "account disabled",
  ip_limited: "too many attempts from this network",
  not_staff: "not a staff account",
  email_unverified: "email not verified by the identity provider",
};

/** The member's recent sign-ins, failures and lockouts (from the audit trail), newest first. */
export function SignInEvents({ events }: { events: SignInEvent[] }) {
  return (
    <section aria-labelledby="events-title" className="space-y-3">
      <h2 id="events-title" className="text-base font-semibold text-slate-900">
        Recent sign-in activity
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No sign-ins or failed attempts recorded yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">Time</th>
                <th scope="col" className="px-3 py-2 font-semibold">Event</th>
                <th scope="col" className="px-3 py-2 font-semibold">Reason</th>
                <th scope="col" className="px-3 py-2 font-semibold">IP address</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((e, i) => (
                <tr key={`${e.occurredAt.toISOString()}-${i}`}>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(e.occurredAt)}</td>
                  <td className="px-3 py-2">
                    <Badge tone={e.action === "auth.signed_in" ? "emerald" : e.action === "auth.locked_out" ? "red" : "amber"}>{label[e.action]}</Badge>
                  </td>
                  <td className="px-3 py-2 text-slate-700">{e.reason ? (reasonText[e.reason] ?? e.reason) : "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
